package io.ticketflow.cli.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code report} shows, read from the sink tables for one period.
 *
 * @param routes inquiries per route (every route, duplicates and dead letters included)
 * @param resolutionRate answered without a human (FAQ + LLM) ÷ decided (FAQ + LLM + ESCALATED); null without data
 * @param topQuestions most frequent escalated or LLM-answered questions (redacted text): FAQ candidates
 * @param leastHelpful FAQ entries rated unhelpful most often
 */
public record Report(Instant since, Instant until, Map<String, Long> routes, Double resolutionRate,
    Map<String, Long> escalationReasons, Double p50Millis, Double p95Millis, long promptTokens,
    long completionTokens, double costUsd, List<Question> topQuestions, List<FaqRating> leastHelpful) {

  /** A question customers keep asking that the FAQ does not answer. */
  public record Question(String tenant, String text, String route, long count) {}

  /** Feedback on one FAQ entry's replies (FAQ ids are per tenant). */
  public record FaqRating(String tenant, String faqId, long rated, long unhelpful) {}

  public long total() {
    return routes.values().stream().mapToLong(Long::longValue).sum();
  }
}
