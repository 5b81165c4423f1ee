package io.ticketflow.connect.sink;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells what a sink's write failed on, by the SQLSTATE of the first {@link SQLException} among the
 * failure's causes that has one (of the last in its chain of next exceptions, where PostgreSQL's
 * driver puts the error of a batch entry):
 *
 * <ul>
 *   <li>a <b>refusal</b> of one record's values, the record's own fault: classes 22 (data
 *       exception: a value too long, out of range, not valid for its type), 23 (integrity
 *       constraint violation: NOT NULL, CHECK, unique; not 23503, a foreign key, which records
 *       arriving in another order satisfy) and 54 (program limit exceeded: a key too large for its
 *       index);
 *   <li>a <b>passing</b> failure of the database, which the same records survive when written again
 *       later: classes 08 (connection lost or refused), 53 (insufficient resources: too many
 *       connections, disk full), 57 (operator intervention: a shutdown, a restart, a cancelled
 *       statement; not 57P04, a dropped database) and 40 (a deadlock or serialization failure; not
 *       40002, a deferred constraint), 25006 (a read-only transaction: a fail-over to a standby not
 *       yet promoted), 55P03 (a lock not available), and a JDBC transient or recoverable exception;
 *   <li>anything else (missing rights or tables: class 42), which needs an operator.
 * </ul>
 */
final class DatabaseFailures {
  private static final Set<String> DATA_EXCEPTION = Set.of("22");
  private static final Set<String> RECORDS_FAULT = Set.of("22", "23", "54");
  private static final Set<String> NOT_RECORDS_FAULT = Set.of("23503");
  private static final Set<String> PASSING = Set.of("08", "53", "57", "40");
  private static final Set<String> NOT_PASSING = Set.of("57P04", "40002");
  private static final Set<String> PASSING_STATES = Set.of("25006", "55P03");
  private static final int MAX_NEXT = 16;
  /** A double-quoted part of a message: in a data exception's message it is the refused value. */
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");

  private DatabaseFailures() {}

  /** The SQL error that refused a record's values, if that is what {@code failure} is. */
  static Optional<SQLException> refusal(Throwable failure) {
    return firstSqlException(failure).filter(e -> stateClassIn(e, RECORDS_FAULT)
        && !NOT_RECORDS_FAULT.contains(e.getSQLState()));
  }

  /** Whether {@code failure} is the database's and likely to pass: the records are not at fault. */
  static boolean isPassing(Throwable failure) {
    return firstSqlException(failure).map(e -> e.getSQLState() == null
            ? e instanceof SQLTransientException || e instanceof SQLRecoverableException
            : stateClassIn(e, PASSING) && !NOT_PASSING.contains(e.getSQLState())
                || PASSING_STATES.contains(e.getSQLState()))
        .orElse(false);
  }

  /**
   * One line naming an SQL error: its SQLSTATE and the database's message. A data exception's
   * message (class 22) can quote the refused value ({@code invalid input syntax for type uuid:
   * "…"}); its quoted parts are masked, so that the line can go into logs and dead letters.
   */
  static String describe(SQLException error) {
    String message = String.valueOf(error.getMessage());
    if (stateClassIn(error, DATA_EXCEPTION)) {
      message = QUOTED.matcher(message).replaceAll("\"…\"");
    }
    return "SQLSTATE " + error.getSQLState() + ": " + message;
  }

  /**
   * One line naming any failure for the log: its SQL error as {@link #describe(SQLException)}, or
   * the failure's type and message. PostgreSQL URLs of the sinks have {@code
   * logServerErrorDetail=false}, so neither carries a row's values.
   */
  static String describe(Throwable failure) {
    return firstSqlException(failure).map(DatabaseFailures::describe)
        .orElseGet(() -> failure.getClass().getName() + ": " + failure.getMessage());
  }

  private static boolean stateClassIn(SQLException e, Set<String> classes) {
    String state = e.getSQLState();
    return state != null && state.length() >= 2 && classes.contains(state.substring(0, 2));
  }

  /** The first SQL error with a state among the causes, else the first SQL error. */
  private static Optional<SQLException> firstSqlException(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    SQLException first = null;
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException sql) {
        first = first == null ? sql : first;
        // The error of a batch entry is the batch exception's next exception, with the
        // database's own message; the batch's message only wraps it.
        SQLException withState = null;
        SQLException e = sql;
        for (int hops = 0; e != null && hops < MAX_NEXT; e = e.getNextException(), hops++) {
          if (e.getSQLState() != null) {
            withState = e;
          }
        }
        if (withState != null) {
          return Optional.of(withState);
        }
      }
    }
    return Optional.ofNullable(first);
  }
}
