package io.ticketflow.cli.demo;

import io.ticketflow.ops.FeedEvent;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's view of the sink tables: which rows each probe should have, which are missing, and a
 * short print of what the tables hold. Column names are the Avro field names in lower case (the
 * sink does not quote identifiers).
 */
final class DatabaseRows {
  private final String url;
  private final String user;
  private final String password;

  DatabaseRows(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password == null ? "" : password);
  }

  /** A connection that gives up after {@code timeout} to connect and log in (PostgreSQL's driver). */
  Connection connect(java.time.Duration timeout) throws SQLException {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", user);
    props.setProperty("password", password == null ? "" : password);
    props.setProperty("connectTimeout", Long.toString(timeout.toSeconds()));
    props.setProperty("loginTimeout", Long.toString(timeout.toSeconds()));
    return DriverManager.getConnection(url, props);
  }

  /**
   * Waits until every probe complete on the topics has its rows (or {@code timeout} passes), then
   * prints the tables; returns what is still missing.
   */
  List<String> awaitAndPrint(List<Probe> probes, Map<String, String> feedback, java.time.Duration timeout,
                             PrintStream out) throws InterruptedException {
    List<String> missing = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection c = connect()) {
      while (true) {
        missing.clear();
        for (Probe p : probes) {
          if (p.complete()) {
            missing(c, p).forEach(m -> missing.add("#" + p.number + " (" + p.sample.label() + "): " + m + " in the database"));
          }
        }
        feedback.forEach((id, what) -> {
          List<String> none = new ArrayList<>();
          check(c, none, "feedback", "feedbackid", id);
          none.forEach(m -> missing.add("feedback on " + what + ": " + m + " in the database"));
        });
        if (missing.isEmpty() || System.nanoTime() > deadline) {
          break;
        }
        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(250);
      }
      print(c, out);
    } catch (SQLException e) {
      missing.add("cannot query the database " + url + ": " + e.getMessage());
    }
    return missing;
  }

  /** Rows still missing for {@code probe}, as "table row for id" lines; empty when all are there. */
  List<String> missing(Connection c, Probe p) {
    List<String> missing = new ArrayList<>();
    String auditId = p.audit() == null ? p.originId : p.audit().inquiryId();
    check(c, missing, "audit", "inquiryid", auditId);
    if (p.duplicate()) {
      return missing;
    }
    if (p.deadLettered()) {
      check(c, missing, "dead_letters", "deadletterid", p.first(FeedEvent.Kind.DEAD_LETTER).string("deadLetterId"));
    } else if (p.first(FeedEvent.Kind.REPLY) != null) {
      check(c, missing, "replies", "inquiryid", p.inquiryId);
    } else {
      check(c, missing, "escalations", "inquiryid", p.inquiryId);
    }
    return missing;
  }

  private static void check(Connection c, List<String> missing, String table, String column, String id) {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + table + " WHERE " + column + " = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          missing.add(table + " row for " + id);
        }
      }
    } catch (SQLException e) {
      // Most often: the sink has not created the table yet.
      missing.add(table + " row for " + id + " (" + firstLine(e.getMessage()) + ")");
    }
  }

  /** A few columns of each table, newest last, for the demo's output. */
  void print(Connection c, PrintStream out) {
    out.println();
    out.println(" Database (" + url + "):");
    for (String table : List.of("replies", "escalations", "audit", "dead_letters", "feedback")) {
      out.println("   " + table + ": " + count(c, table));
    }
    printQuery(c, out, "replies", "SELECT tenantid, source, faqid, round(confidence::numeric, 2), left(text, 40) FROM replies ORDER BY createdat LIMIT 8");
    printQuery(c, out, "escalations", "SELECT tenantid, reason, left(inquirytext, 40) FROM escalations ORDER BY createdat LIMIT 8");
    printQuery(c, out, "audit", "SELECT route, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY endtoendmillis) FROM audit GROUP BY route ORDER BY route");
    printQuery(c, out, "dead_letters", "SELECT reasoncode, left(message, 60) FROM dead_letters ORDER BY failedat LIMIT 5");
    printQuery(c, out, "feedback", "SELECT r.faqid, f.helpful, f.rating, f.comment FROM feedback f"
        + " JOIN replies r ON r.inquiryid = f.inquiryid ORDER BY f.createdat");
  }

  private static String count(Connection c, String table) {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1) + " rows";
    } catch (SQLException e) {
      return "no rows yet (the sink creates the table with the first record)";
    }
  }

  private static void printQuery(Connection c, PrintStream out, String title, String sql) {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      out.println("   -- " + title + ": " + sql.replaceAll(" FROM .*", " …").replace("SELECT ", ""));
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder line = new StringBuilder("   ");
        for (int i = 1; i <= columns; i++) {
          line.append(i > 1 ? " | " : "").append(OutcomeTable.printable(String.valueOf(r.getObject(i))));
        }
        out.println(line);
      }
    } catch (SQLException e) {
      out.println("   -- " + title + ": " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
