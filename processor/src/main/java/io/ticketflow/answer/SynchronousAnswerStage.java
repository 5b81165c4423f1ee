package io.ticketflow.answer;

import io.ticketflow.route.WorkItem;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/**
 * An answer stage that decides each undecided item on the stream thread, in order; decided items
 * pass through. Right for decisions that take no time (escalating without an LLM); a call to a
 * model here would stall the thread (the benchmark's blocking baseline does exactly that).
 */
public class SynchronousAnswerStage implements AnswerStage {
  private final String name;
  private final UnaryOperator<WorkItem> decide;

  /** @param decide returns the item with its outcome */
  public SynchronousAnswerStage(String name, UnaryOperator<WorkItem> decide) {
    this.name = name;
    this.decide = decide;
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
        context.forward(item.decided() ? record : record.withValue(decide.apply(item)));
      }
    };
  }

  @Override
  public String name() {
    return name;
  }
}
