package io.ticketflow.answer;

import io.ticketflow.match.FaqCandidate;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.WorkItem;
import io.ticketflow.schema.EscalationReason;
import java.util.Locale;
import java.util.Optional;

/**
 * The answer stage without an LLM: everything the FAQ could not answer is escalated with reason
 * LOW_CONFIDENCE, with the best FAQ candidate (if any) as a suggestion for the agent.
 */
public final class EscalatingAnswerStage extends SynchronousAnswerStage {

  public EscalatingAnswerStage(double answerThreshold) {
    super("escalate", item -> item.withOutcome(escalate(item, answerThreshold)));
  }

  static Outcome.Escalated escalate(WorkItem item, double answerThreshold) {
    Optional<FaqCandidate> best = item.match() == null ? Optional.empty() : item.match().best();
    String detail = best.map(b -> String.format(Locale.ROOT,
            "best FAQ match %s scored %.2f, below the answer threshold %.2f; no LLM configured",
            b.faqId(), b.score(), answerThreshold))
        .orElse("no FAQ entry matches; no LLM configured");
    return new Outcome.Escalated(EscalationReason.LOW_CONFIDENCE, detail,
        best.map(FaqCandidate::answer).orElse(null), best.map(FaqCandidate::faqId).orElse(null));
  }
}
