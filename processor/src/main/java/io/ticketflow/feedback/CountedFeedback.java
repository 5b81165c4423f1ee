package io.ticketflow.feedback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The feedback already counted for an inquiry, so that a redelivered feedback record is not
 * counted twice: the newest {@link #MAX} feedbackIds, kept in the outcomes store beside the
 * inquiry's outcome under {@link #key}, and expiring with it.
 *
 * <p>Stored in the {@link RememberedOutcome} encoding (an undecided outcome whose FAQ id field
 * holds the ids), not appended to the outcome's own value: a processor of an earlier version, which
 * may restore this store during a rolling upgrade or after a rollback, reads every value of the
 * store as an outcome, and an appended field would have become part of its FAQ ids. Ids hold no
 * control characters (validated), so neither separator occurs in them, and no inquiryId can equal
 * another's {@link #key}.
 */
final class CountedFeedback {
  /** Feedback ids remembered per inquiry; a customer rates one reply once or twice, not 16 times. */
  static final int MAX = 16;
  private static final char IDS = '\u001e';

  private CountedFeedback() {}

  /** Where the feedback counted for {@code inquiryId} is kept. */
  static String key(String inquiryId) {
    return inquiryId + "\u001ffeedback";
  }

  /** The ids in a stored value (null: none). */
  static List<String> decode(String stored) {
    String ids = stored == null ? null : RememberedOutcome.decode(stored).faqId();
    return ids == null ? List.of() : Arrays.asList(ids.split(String.valueOf(IDS)));
  }

  /** {@code counted} and {@code feedbackId}, the oldest dropped beyond {@link #MAX}, expiring with {@code outcome}. */
  static String encode(List<String> counted, String feedbackId, RememberedOutcome outcome) {
    List<String> ids = new ArrayList<>(counted);
    ids.add(feedbackId);
    List<String> kept = ids.subList(Math.max(0, ids.size() - MAX), ids.size());
    return new RememberedOutcome(null, null, String.join(String.valueOf(IDS), kept), outcome.decidedAt()).encode();
  }
}
