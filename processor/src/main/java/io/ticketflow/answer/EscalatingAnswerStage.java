package io.ticketflow.answer;

import io.ticketflow.match.FaqCandidate;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.WorkItem;
import io.ticketflow.schema.EscalationReason;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The answer stage without an LLM: everything the FAQ could not answer is escalated with reason
 * LOW_CONFIDENCE, with the best FAQ candidate (if any) as a suggestion for the agent.
 */
public final class EscalatingAnswerStage implements AnswerStage {
  private final double answerThreshold;

  public EscalatingAnswerStage(double answerThreshold) {
    this.answerThreshold = answerThreshold;
  }

  @Override
  public ProcessorSupplier<String, WorkItem, String, WorkItem> processor() {
    return () -> new Processor<>() {
      private ProcessorContext<String, WorkItem> context;

      @Override
      public void init(ProcessorContext<String, WorkItem> context) {
        this.context = context;
      }

      @Override
      public void process(Record<String, WorkItem> record) {
        WorkItem item = record.value();
        context.forward(item.decided() ? record : record.withValue(item.withOutcome(escalate(item))));
      }
    };
  }

  Outcome.Escalated escalate(WorkItem item) {
    Optional<FaqCandidate> best = item.match() == null ? Optional.empty() : item.match().best();
    String detail = best.map(b -> String.format(Locale.ROOT,
            "best FAQ match %s scored %.2f, below the answer threshold %.2f; no LLM configured",
            b.faqId(), b.score(), answerThreshold))
        .orElse("no FAQ entry matches; no LLM configured");
    return new Outcome.Escalated(EscalationReason.LOW_CONFIDENCE, detail,
        best.map(FaqCandidate::answer).orElse(null), best.map(FaqCandidate::faqId).orElse(null));
  }

  @Override
  public String name() {
    return "escalate";
  }
}
