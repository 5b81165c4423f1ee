package io.ticketflow.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@link Report} as a plain-text table for people or a JSON object for scripts. */
public final class ReportFormatter {
  private ReportFormatter() {}

  public static String table(Report r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "ticketflow report %s – %s%n%n", toSeconds(r.since()), toSeconds(r.until())));
    row(b, "Inquiries", Long.toString(r.total()));
    row(b, "Resolution rate", r.resolutionRate() == null ? "–"
        : String.format(Locale.ROOT, "%.1f %% (answered without a human ÷ FAQ + LLM + escalated)", 100 * r.resolutionRate()));
    row(b, "Routes", join(r.routes()));
    row(b, "Escalation reasons", join(r.escalationReasons()));
    row(b, "Latency", r.p50Millis() == null ? "–"
        : String.format(Locale.ROOT, "p50 %.0f ms, p95 %.0f ms (end to end)", r.p50Millis(), r.p95Millis()));
    row(b, "LLM", String.format(Locale.ROOT, "%d prompt + %d completion tokens, $%.4f", r.promptTokens(),
        r.completionTokens(), r.costUsd()));
    b.append(String.format("%nMost frequent escalated or LLM-answered questions (candidates for new FAQ entries):%n"));
    if (r.topQuestions().isEmpty()) {
      b.append("  none\n");
    }
    r.topQuestions().forEach(q -> b.append(String.format(Locale.ROOT, "  %4d  %-9s %-6s %s%n", q.count(), q.route(),
        q.tenant(), oneLine(q.text()))));
    b.append(String.format("%nLeast helpful FAQ entries (from feedback):%n"));
    if (r.leastHelpful().isEmpty()) {
      b.append("  none\n");
    }
    r.leastHelpful().forEach(f -> b.append(String.format(Locale.ROOT, "  %-6s %-24s %d of %d ratings unhelpful%n",
        f.tenant(), f.faqId(), f.unhelpful(), f.rated())));
    return b.toString();
  }

  public static String json(Report r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("since", toSeconds(r.since()).toString());
    m.put("until", toSeconds(r.until()).toString());
    m.put("inquiries", r.total());
    m.put("resolutionRate", r.resolutionRate());
    m.put("routes", r.routes());
    m.put("escalationReasons", r.escalationReasons());
    m.put("p50Millis", r.p50Millis());
    m.put("p95Millis", r.p95Millis());
    m.put("promptTokens", r.promptTokens());
    m.put("completionTokens", r.completionTokens());
    m.put("costUsd", r.costUsd());
    m.put("topQuestions", r.topQuestions());
    m.put("leastHelpful", r.leastHelpful());
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  /** A period of days or hours reads better without the clock's nanoseconds. */
  private static Instant toSeconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS);
  }

  private static void row(StringBuilder b, String label, String value) {
    b.append(String.format("%-20s %s%n", label, value));
  }

  private static String join(Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "–";
    }
    StringBuilder b = new StringBuilder();
    counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return b.toString();
  }

  private static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() > 70 ? t.substring(0, 69) + "…" : t;
  }
}
