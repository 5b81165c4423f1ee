package io.ticketflow.topology;

/** Every state store name of the topology (changelog topics are named after them). */
public final class Stores {
  /** Global: the FAQ entries by {@code tenantId/faqId}, raw bytes of the FAQ topic. */
  public static final String FAQ = "faq-global";
  /**
   * inquiryId -> first-seen time and, once decided, the outcome ({@code RememberedOutcome}): read
   * by dedupe and by the feedback join, swept after the retention. One store rather than one per
   * use: both are keyed by inquiryId, and an inquiry answered from the FAQ is written once (one
   * changelog record) instead of once per store.
   */
  public static final String OUTCOMES = "inquiry-outcomes";
  /**
   * FAQ topic position -> when its record was dead-lettered: so a bad FAQ record, rejected again
   * at every rebuild of the FAQ store and by every instance, is dead-lettered once.
   */
  public static final String FAQ_DEAD_LETTERED = "faq-dead-lettered";
  /** faq/tenant/faqId -> helpfulness counts (queryable). */
  public static final String FAQ_HELPFULNESS = "faq-helpfulness";
  /** question/tenant/normalized text -> how often escalated or LLM-answered (queryable). */
  public static final String UNANSWERED_QUESTIONS = "unanswered-questions";

  private Stores() {}
}
