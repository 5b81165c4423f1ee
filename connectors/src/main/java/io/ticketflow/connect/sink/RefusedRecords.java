package io.ticketflow.connect.sink;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a database's refusal of one record's values from a failure of the database itself, by the
 * SQLSTATE of the first {@link SQLException} in a failure's causes (following each exception's
 * next exception too, where PostgreSQL's driver puts the error of a batch entry).
 *
 * <p>A record's own fault are the SQLSTATE classes 22 (data exception: a value too long, out of
 * range, not valid for its type), 23 (integrity constraint violation: NOT NULL, CHECK, unique) and
 * 54 (program limit exceeded: a key too large for its index). Everything else, a lost connection
 * (08), a database shutting down (57), a lack of resources (53), a deadlock (40), missing rights or
 * tables (42), is the database's, and a record written again later may well succeed.
 */
final class RefusedRecords {
  private static final Set<String> RECORDS_FAULT = Set.of("22", "23", "54");
  private static final int MAX_NEXT = 16;

  private RefusedRecords() {}

  /** The SQL error that refused a record's values, if that is what {@code failure} is. */
  static Optional<SQLException> refusal(Throwable failure) {
    return firstSqlException(failure)
        .filter(e -> e.getSQLState() != null && e.getSQLState().length() >= 2
            && RECORDS_FAULT.contains(e.getSQLState().substring(0, 2)));
  }

  /** One line naming the refusal: its SQLSTATE and the database's message. */
  static String describe(SQLException refusal) {
    return "SQLSTATE " + refusal.getSQLState() + ": " + refusal.getMessage();
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
