package io.ticketflow.connect.sink;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Tells what a sink's write failed on, by the SQLSTATE of the first {@link SQLException} among the
 * failure's causes (following each exception's next exception too, where PostgreSQL's driver puts
 * the error of a batch entry):
 *
 * <ul>
 *   <li>a <b>refusal</b> of one record's values, the record's own fault: classes 22 (data
 *       exception: a value too long, out of range, not valid for its type), 23 (integrity
 *       constraint violation: NOT NULL, CHECK, unique) and 54 (program limit exceeded: a key too
 *       large for its index);
 *   <li>a <b>passing</b> failure of the database, which the same records survive when written again
 *       later: classes 08 (connection lost or refused), 53 (insufficient resources: too many
 *       connections, disk full), 57 (operator intervention: a shutdown, a restart, a cancelled
 *       statement) and 40 (a deadlock or serialization failure), and a JDBC transient or
 *       recoverable exception;
 *   <li>anything else (missing rights or tables: class 42), which needs an operator.
 * </ul>
 */
final class DatabaseFailures {
  private static final Set<String> RECORDS_FAULT = Set.of("22", "23", "54");
  private static final Set<String> PASSING = Set.of("08", "53", "57", "40");
  private static final int MAX_NEXT = 16;

  private DatabaseFailures() {}

  /** The SQL error that refused a record's values, if that is what {@code failure} is. */
  static Optional<SQLException> refusal(Throwable failure) {
    return firstSqlException(failure).filter(e -> stateClassIn(e, RECORDS_FAULT));
  }

  /** Whether {@code failure} is the database's and likely to pass: the records are not at fault. */
  static boolean isPassing(Throwable failure) {
    Optional<SQLException> sql = firstSqlException(failure);
    return sql.map(e -> stateClassIn(e, PASSING)
            || e instanceof SQLTransientException || e instanceof SQLRecoverableException)
        .orElse(false);
  }

  /** One line naming a refusal: its SQLSTATE and the database's message. */
  static String describe(SQLException refusal) {
    return "SQLSTATE " + refusal.getSQLState() + ": " + refusal.getMessage();
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

  private static Optional<SQLException> firstSqlException(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException sql) {
        // A batch's own exception may carry no state; the entry's error is its next exception.
        SQLException e = sql;
        for (int hops = 0; e != null && hops < MAX_NEXT; e = e.getNextException(), hops++) {
          if (e.getSQLState() != null) {
            return Optional.of(e);
          }
        }
        return Optional.of(sql);
      }
    }
    return Optional.empty();
  }
}
