package io.ticketflow.guard;

import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.WorkItem;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Stage 4: the thin Streams adapter around the pure {@link Guard}. */
public final class GuardProcessor implements FixedKeyProcessor<String, WorkItem, WorkItem> {
  public static final String STAGE = "guard";
  private final Guard guard = new Guard();
  private final PipelineMetrics metrics;
  private FixedKeyProcessorContext<String, WorkItem> context;

  public GuardProcessor(PipelineMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, WorkItem> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, WorkItem> record) {
    WorkItem item = record.value();
    if (item.decided()) {
      context.forward(record);
      return;
    }
    long start = System.nanoTime();
    Guard.Decision decision = guard.inspect(item.inquiry().getText());
    WorkItem next = item.withGuard(decision.report());
    if (decision.escalation().isPresent()) {
      next = next.withOutcome(decision.escalation().get());
    }
    long micros = (System.nanoTime() - start) / 1_000;
    metrics.stage(STAGE, micros);
    context.forward(record.withValue(next.withStage(STAGE, micros)));
  }
}
