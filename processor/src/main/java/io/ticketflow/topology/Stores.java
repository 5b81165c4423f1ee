package io.ticketflow.topology;

/** Every state store name of the topology (changelog topics are named after them). */
public final class Stores {
  /** Global: the FAQ entries by {@code tenantId/faqId}, raw bytes of the FAQ topic. */
  public static final String FAQ = "faq-global";
  /** inquiryId -> first-seen time, for dedupe (swept after the retention). */
  public static final String DEDUPE = "dedupe-seen";
  /** inquiryId -> remembered outcome, for joining feedback (swept after the retention). */
  public static final String OUTCOMES = "inquiry-outcomes";
  /** faq/tenant/faqId -> helpfulness counts (queryable). */
  public static final String FAQ_HELPFULNESS = "faq-helpfulness";
  /** question/tenant/normalized text -> how often escalated or LLM-answered (queryable). */
  public static final String UNANSWERED_QUESTIONS = "unanswered-questions";

  private Stores() {}
}
