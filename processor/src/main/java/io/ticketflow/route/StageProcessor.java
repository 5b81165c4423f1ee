package io.ticketflow.route;

import io.micrometer.core.instrument.Timer;
import io.ticketflow.ops.PipelineMetrics;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * What every inquiry stage does around its own step: pass decided items through untouched, time
 * the step, record the time in the item and the stage timer, forward. A stage implements only
 * {@link #apply}.
 */
public abstract class StageProcessor implements FixedKeyProcessor<String, WorkItem, WorkItem> {
  private final String stage;
  private final Timer timer;
  private FixedKeyProcessorContext<String, WorkItem> context;

  protected StageProcessor(String stage, PipelineMetrics metrics) {
    this.stage = stage;
    this.timer = metrics.stageTimer(stage);
  }

  @Override
  public void init(FixedKeyProcessorContext<String, WorkItem> context) {
    this.context = context;
  }

  @Override
  public final void process(FixedKeyRecord<String, WorkItem> record) {
    WorkItem item = record.value();
    if (item.decided()) {
      context.forward(record);
      return;
    }
    long start = System.nanoTime();
    WorkItem next = apply(item, record.timestamp());
    long micros = (System.nanoTime() - start) / 1_000;
    timer.record(micros, TimeUnit.MICROSECONDS);
    context.forward(record.withValue(next.withStage(stage, micros)));
  }

  /** This stage's step on an undecided item; returns the item with its part filled in. */
  protected abstract WorkItem apply(WorkItem item, long recordTimestamp);
}
