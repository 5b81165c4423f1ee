package io.ticketflow.feedback;

import io.ticketflow.schema.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * What dedupe and feedback need to know about an inquiry, kept per inquiryId in the outcomes
 * store: seen (route null) from the dedupe stage on, decided once routed, and the feedback already
 * counted for it. Stored as a short delimited string rather than an Avro record: it is written for
 * every inquiry on the hot path. The fields are ids, which hold no control characters (validated
 * on the way in), so the separator U+001F cannot occur in them.
 *
 * @param route null while the inquiry is seen but not decided (e.g. waiting for the LLM)
 * @param decidedAt record timestamp of the inquiry's first delivery, for dedupe and expiry
 * @param feedbackIds the feedback counted for the inquiry, newest last, at most {@link
 *     #MAX_FEEDBACK}: a redelivered feedback record is recognised and not counted again
 */
public record RememberedOutcome(Route route, String tenantId, String faqId, long decidedAt, List<String> feedbackIds) {
  /** Feedback ids remembered per inquiry; a customer rates one reply once or twice, not 16 times. */
  static final int MAX_FEEDBACK = 16;
  private static final char SEP = '\u001f';

  public RememberedOutcome {
    feedbackIds = List.copyOf(feedbackIds);
  }

  public RememberedOutcome(Route route, String tenantId, String faqId, long decidedAt) {
    this(route, tenantId, faqId, decidedAt, List.of());
  }

  /** An inquiry seen at {@code at} and not decided yet. */
  public static RememberedOutcome seen(long at) {
    return new RememberedOutcome(null, null, null, at);
  }

  public boolean decided() {
    return route != null;
  }

  /** Whether the feedback {@code feedbackId} was counted for this inquiry already. */
  public boolean counted(String feedbackId) {
    return feedbackIds.contains(feedbackId);
  }

  /** This outcome with {@code feedbackId} counted (the oldest forgotten beyond {@link #MAX_FEEDBACK}). */
  public RememberedOutcome withFeedback(String feedbackId) {
    List<String> ids = new ArrayList<>(feedbackIds);
    ids.add(feedbackId);
    return new RememberedOutcome(route, tenantId, faqId, decidedAt,
        ids.subList(Math.max(0, ids.size() - MAX_FEEDBACK), ids.size()));
  }

  public String encode() {
    StringBuilder s = new StringBuilder(48).append(decidedAt).append(SEP).append(route == null ? "" : route.name())
        .append(SEP).append(tenantId == null ? "" : tenantId).append(SEP).append(faqId == null ? "" : faqId);
    feedbackIds.forEach(id -> s.append(SEP).append(id));
    return s.toString();
  }

  public static RememberedOutcome decode(String s) {
    int t = s.indexOf(SEP);
    int a = s.indexOf(SEP, t + 1);
    int b = s.indexOf(SEP, a + 1);
    int c = s.indexOf(SEP, b + 1);
    String faq = c < 0 ? s.substring(b + 1) : s.substring(b + 1, c);
    String route = s.substring(t + 1, a);
    String tenant = s.substring(a + 1, b);
    List<String> feedback = new ArrayList<>(0);
    while (c >= 0) {
      int next = s.indexOf(SEP, c + 1);
      feedback.add(next < 0 ? s.substring(c + 1) : s.substring(c + 1, next));
      c = next;
    }
    return new RememberedOutcome(route.isEmpty() ? null : Route.valueOf(route), tenant.isEmpty() ? null : tenant,
        faq.isEmpty() ? null : faq, Long.parseLong(s.substring(0, t)), feedback);
  }
}
