package io.ticketflow.feedback;

import io.ticketflow.schema.Route;

/**
 * What dedupe and feedback need to know about an inquiry, kept per inquiryId in the outcomes
 * store: seen (route null) from the dedupe stage on, decided once routed. Stored as a short
 * delimited string rather than an Avro record: it is written for every inquiry on the hot path.
 *
 * @param route null while the inquiry is seen but not decided (e.g. waiting for the LLM)
 * @param decidedAt record timestamp of the inquiry's first delivery ({@link io.ticketflow.dedupe.RetentionSweeper#rememberedAt}), for dedupe and expiry
 */
public record RememberedOutcome(Route route, String tenantId, String faqId, long decidedAt) {
  private static final char SEP = '\u001f';

  /** An inquiry seen at {@code at} and not decided yet. */
  public static RememberedOutcome seen(long at) {
    return new RememberedOutcome(null, null, null, at);
  }

  public boolean decided() {
    return route != null;
  }

  public String encode() {
    return decidedAt + "" + SEP + (route == null ? "" : route.name()) + SEP + (tenantId == null ? "" : tenantId)
        + SEP + (faqId == null ? "" : faqId);
  }

  public static RememberedOutcome decode(String s) {
    int t = s.indexOf(SEP);
    int a = s.indexOf(SEP, t + 1);
    int b = s.indexOf(SEP, a + 1);
    String faq = s.substring(b + 1);
    String route = s.substring(t + 1, a);
    String tenant = s.substring(a + 1, b);
    return new RememberedOutcome(route.isEmpty() ? null : Route.valueOf(route), tenant.isEmpty() ? null : tenant,
        faq.isEmpty() ? null : faq, Long.parseLong(s.substring(0, t)));
  }
}
