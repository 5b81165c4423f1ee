package io.ticketflow.route;

import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.schema.ReplySource;
import java.util.List;

/**
 * What happened to one input record. Stages return one of these instead of throwing; the route
 * stage turns each into its output records (always exactly one audit record).
 */
public sealed interface Outcome {

  /** Answered automatically: a reply goes back to the customer's channel. */
  record Answered(ReplySource source, String faqId, String text, String language, double confidence,
                  List<String> citedFaqIds) implements Outcome {
    public Answered {
      citedFaqIds = List.copyOf(citedFaqIds);
    }
  }

  /** Handed to a human agent. */
  record Escalated(EscalationReason reason, String detail, String suggestedAnswer, String suggestedFaqId)
      implements Outcome {}

  /** Decoded but invalid (validation): dead letter plus audit REJECTED. */
  record Rejected(DeadLetterReason reason, String message) implements Outcome {}

  /** Could not be processed at all (undecodable, unknown inquiry): dead letter plus audit DEAD_LETTER. */
  record DeadLettered(DeadLetterReason reason, String message) implements Outcome {}

  /** A redelivery of an inquiry already decided: audit DUPLICATE only. */
  record Duplicate(long firstSeenAt) implements Outcome {}
}
