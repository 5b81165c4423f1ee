package io.ticketflow.cli.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link Report} from the sink tables (the same tables and column names as
 * {@code docs/analytics.sql}). A table the sink has not created yet counts as empty.
 */
public final class ReportQueries {
  private static final String DECIDED = "('FAQ', 'LLM', 'ESCALATED')";
  /**
   * Feedback the processor counts as unhelpful ({@code FaqStatsAggregation.verdict}): an explicit
   * "not helpful", or without one a rating of 2 or less.
   */
  private static final String UNHELPFUL = "(f.helpful = false OR (f.helpful IS NULL AND f.rating <= 2))";

  private ReportQueries() {}

  public static Report read(Connection c, Instant since, Instant until) throws SQLException {
    Map<String, Long> routes = counts(c, "SELECT route, count(*) FROM audit WHERE processedat >= ? AND processedat < ? GROUP BY route ORDER BY 2 DESC", since, until);
    long resolved = routes.getOrDefault("FAQ", 0L) + routes.getOrDefault("LLM", 0L);
    long decided = resolved + routes.getOrDefault("ESCALATED", 0L);
    Map<String, Long> reasons = counts(c, "SELECT reason, count(*) FROM audit WHERE route = 'ESCALATED' AND processedat >= ? AND processedat < ? GROUP BY reason ORDER BY 2 DESC", since, until);
    Double p50 = null;
    Double p95 = null;
    long prompt = 0;
    long completion = 0;
    double cost = 0;
    try (PreparedStatement s = bind(c, "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY endtoendmillis), "
        + "percentile_cont(0.95) WITHIN GROUP (ORDER BY endtoendmillis), coalesce(sum(prompttokens), 0), "
        + "coalesce(sum(completiontokens), 0), coalesce(sum(costusd), 0) FROM audit WHERE route IN " + DECIDED
        + " AND processedat >= ? AND processedat < ?", since, until); ResultSet r = query(s)) {
      if (r != null && r.next()) {
        p50 = (Double) r.getObject(1);
        p95 = (Double) r.getObject(2);
        prompt = r.getLong(3);
        completion = r.getLong(4);
        cost = r.getDouble(5);
      }
    }
    List<Report.Question> questions = new ArrayList<>();
    // Redacted text from the audit table: what customers ask, without their phone numbers.
    try (PreparedStatement s = bind(c, "SELECT tenantid, redactedtext, route, count(*) FROM audit WHERE "
        + "(route = 'LLM' OR (route = 'ESCALATED' AND reason NOT IN ('HUMAN_REQUESTED', 'GUARD_BLOCKED'))) "
        + "AND redactedtext IS NOT NULL AND processedat >= ? AND processedat < ? "
        + "GROUP BY tenantid, redactedtext, route ORDER BY 4 DESC, 2 LIMIT 10", since, until); ResultSet r = query(s)) {
      while (r != null && r.next()) {
        questions.add(new Report.Question(r.getString(1), r.getString(2), r.getString(3), r.getLong(4)));
      }
    }
    List<Report.FaqRating> ratings = new ArrayList<>();
    // FAQ ids are per tenant. Feedback the processor refuses (for another tenant's inquiry, a rating
    // outside 1 to 5) is in the feedback table too, which the sink fills from the topic as is.
    try (PreparedStatement s = bind(c, "SELECT r.tenantid, r.faqid, count(*), count(*) FILTER (WHERE " + UNHELPFUL
        + ") FROM feedback f JOIN replies r ON r.inquiryid = f.inquiryid WHERE r.source = 'FAQ' AND r.faqid IS NOT NULL "
        + "AND (f.tenantid IS NULL OR f.tenantid = r.tenantid) AND (f.rating IS NULL OR f.rating BETWEEN 1 AND 5) "
        + "AND f.createdat >= ? AND f.createdat < ? GROUP BY r.tenantid, r.faqid "
        + "HAVING count(*) FILTER (WHERE " + UNHELPFUL + ") > 0 ORDER BY 4 DESC, 1, 2 LIMIT 10", since, until);
         ResultSet r = query(s)) {
      while (r != null && r.next()) {
        ratings.add(new Report.FaqRating(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)));
      }
    }
    return new Report(since, until, routes, decided == 0 ? null : (double) resolved / decided, reasons, p50, p95,
        prompt, completion, cost, questions, ratings);
  }

  private static Map<String, Long> counts(Connection c, String sql, Instant since, Instant until) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (PreparedStatement s = bind(c, sql, since, until); ResultSet r = query(s)) {
      while (r != null && r.next()) {
        out.put(String.valueOf(r.getString(1)), r.getLong(2));
      }
    }
    return out;
  }

  private static PreparedStatement bind(Connection c, String sql, Instant since, Instant until) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    // The sink writes UTC "timestamp" columns; compare in UTC.
    s.setObject(1, java.time.LocalDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
    s.setObject(2, java.time.LocalDateTime.ofInstant(until, java.time.ZoneOffset.UTC));
    return s;
  }

  /**
   * Whether the sinks have created their audit table here, which every decision writes to: without
   * it the report's zeros more likely mean another database than a quiet week.
   */
  public static boolean hasAuditTable(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT to_regclass('audit') IS NOT NULL"); ResultSet r = s.executeQuery()) {
      return r.next() && r.getBoolean(1);
    }
  }

  /** The result, or null when a table does not exist yet (SQL state 42P01). */
  private static ResultSet query(PreparedStatement s) throws SQLException {
    try {
      return s.executeQuery();
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return null;
      }
      throw e;
    }
  }
}
