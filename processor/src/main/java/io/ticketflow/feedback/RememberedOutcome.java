package io.ticketflow.feedback;

import io.ticketflow.schema.Route;

/**
 * What feedback needs to know about a decided inquiry, kept per inquiryId in the outcomes store.
 * Stored as a short delimited string rather than an Avro record: it is written once per inquiry
 * on the hot path (plus its changelog record), and only this processor reads it.
 */
/** @param decidedAt record timestamp of the inquiry, for expiry */
public record RememberedOutcome(Route route, String tenantId, String faqId, long decidedAt) {
  private static final char SEP = '\u001f';

  public String encode() {
    return decidedAt + "" + SEP + route.name() + SEP + tenantId + SEP + (faqId == null ? "" : faqId);
  }

  public static RememberedOutcome decode(String s) {
    int t = s.indexOf(SEP);
    int a = s.indexOf(SEP, t + 1);
    int b = s.indexOf(SEP, a + 1);
    String faq = s.substring(b + 1);
    return new RememberedOutcome(Route.valueOf(s.substring(t + 1, a)), s.substring(a + 1, b),
        faq.isEmpty() ? null : faq, Long.parseLong(s.substring(0, t)));
  }
}
