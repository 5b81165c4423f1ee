package io.ticketflow.feedback;

import io.ticketflow.route.Origin;
import io.ticketflow.route.Outcome;
import io.ticketflow.schema.Feedback;

/**
 * A feedback record after the join: either the feedback with the remembered outcome of its
 * inquiry, or a dead letter (undecodable, unknown inquiry).
 */
public record FeedbackItem(Origin origin, Feedback feedback, RememberedOutcome outcome, Outcome.DeadLettered failure) {

  public boolean joined() {
    return failure == null;
  }
}
