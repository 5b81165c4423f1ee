package io.ticketflow.feedback;

import io.ticketflow.route.Origin;
import io.ticketflow.route.Outcome;
import io.ticketflow.schema.Feedback;

/**
 * A feedback record after the join: either the feedback with the remembered outcome of its
 * inquiry, or a dead letter (undecodable, invalid, unknown inquiry).
 *
 * @param repeated a redelivery of feedback already counted: joined, but not counted again
 */
public record FeedbackItem(Origin origin, Feedback feedback, RememberedOutcome outcome, Outcome.DeadLettered failure,
    boolean repeated) {

  public boolean joined() {
    return failure == null;
  }

  /** Whether this feedback counts in the statistics: joined, and not counted before. */
  public boolean counts() {
    return joined() && !repeated;
  }
}
