package io.ticketflow.feedback;

import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.schema.FaqStats;
import io.ticketflow.schema.FaqStatsKind;
import io.ticketflow.schema.Feedback;
import io.ticketflow.schema.Route;
import java.time.Instant;
import java.util.Set;

/**
 * The feedback analytics as pure functions: which records count, under which key, and how a
 * {@link FaqStats} value grows. Keys are {@code faq/<tenant>/<faqId>} and
 * {@code question/<tenant>/<normalized question>}, so both kinds share one compacted topic.
 */
public final class FaqStatsAggregation {
  /** Verdicts carried through the repartition as one-character strings. */
  public static final String HELPFUL = "+";
  public static final String UNHELPFUL = "-";
  public static final String NEUTRAL = "0";
  /** Questions are grouped by a bounded prefix of their normalized text. */
  static final int MAX_QUESTION_KEY = 200;

  /** Escalations that mean "the FAQ lacked an answer", not "the customer wanted a person". */
  private static final Set<String> UNANSWERED_REASONS = Set.of(EscalationReason.LOW_CONFIDENCE.name(),
      EscalationReason.LLM_UNAVAILABLE.name(), EscalationReason.BUDGET_EXHAUSTED.name(),
      EscalationReason.LLM_NEEDS_HUMAN.name());

  private FaqStatsAggregation() {}

  public static String faqKey(String tenantId, String faqId) {
    return "faq/" + tenantId + "/" + faqId;
  }

  /**
   * The key of a question, or null for text without words once normalized (emoji, punctuation):
   * such messages would all be one candidate of their tenant, which no FAQ entry can answer.
   */
  public static String questionKey(String tenantId, String text) {
    String n = ExactFaqMatcher.normalize(text);
    if (n.isEmpty()) {
      return null;
    }
    return "question/" + tenantId + "/" + (n.length() > MAX_QUESTION_KEY ? n.substring(0, MAX_QUESTION_KEY) : n);
  }

  /** Whether a decided inquiry is a candidate for a new FAQ entry. */
  public static boolean unanswered(Route route, String reason) {
    return route == Route.LLM || (route == Route.ESCALATED && reason != null && UNANSWERED_REASONS.contains(reason));
  }

  /** Whether feedback rates an FAQ answer. */
  public static boolean ratesFaq(RememberedOutcome outcome) {
    return outcome.route() == Route.FAQ && outcome.faqId() != null;
  }

  public static String verdict(Feedback fb) {
    if (fb.getHelpful() != null) {
      return fb.getHelpful() ? HELPFUL : UNHELPFUL;
    }
    if (fb.getRating() != null) {
      return fb.getRating() >= 4 ? HELPFUL : fb.getRating() <= 2 ? UNHELPFUL : NEUTRAL;
    }
    return NEUTRAL;
  }

  public static FaqStats empty() {
    return new FaqStats("", FaqStatsKind.UNKNOWN, null, null, null, 0L, 0L, 0L, 0L, Instant.EPOCH);
  }

  public static FaqStats addVerdict(String key, AuditRecordRef ref, String verdict, FaqStats current, long now) {
    FaqStats next = FaqStats.newBuilder(current)
        .setStatsKey(key).setKind(FaqStatsKind.FAQ_HELPFULNESS)
        .setTenantId(ref.tenantId()).setFaqId(ref.faqId())
        .setUpdatedAt(Instant.ofEpochMilli(now)).build();
    switch (verdict) {
      case HELPFUL -> next.setHelpful(next.getHelpful() + 1);
      case UNHELPFUL -> next.setUnhelpful(next.getUnhelpful() + 1);
      default -> next.setNeutral(next.getNeutral() + 1);
    }
    return next;
  }

  public static FaqStats addQuestion(String key, String tenantId, String redactedText, FaqStats current, long now) {
    return FaqStats.newBuilder(current)
        .setStatsKey(key).setKind(FaqStatsKind.UNANSWERED_QUESTION)
        .setTenantId(tenantId).setQuestion(redactedText)
        .setCount(current.getCount() + 1)
        .setUpdatedAt(Instant.ofEpochMilli(now)).build();
  }

  /** The parts of a key the helpfulness value repeats. */
  public record AuditRecordRef(String tenantId, String faqId) {
    public static AuditRecordRef parse(String faqKey) {
      String[] parts = faqKey.split("/", 3);
      return new AuditRecordRef(parts.length > 1 ? parts[1] : null, parts.length > 2 ? parts[2] : null);
    }
  }
}
