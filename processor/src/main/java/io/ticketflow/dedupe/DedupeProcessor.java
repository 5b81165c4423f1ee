package io.ticketflow.dedupe;

import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.WorkItem;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 3: drops redeliveries. The store maps inquiryId to the timestamp it was first seen; an
 * entry older than the retention no longer counts and is swept away by a {@link
 * RetentionSweeper}. A redelivery keeps its conversationId key and so lands on the same partition
 * and task as the first delivery. Under exactly-once the store update commits with the outputs,
 * so a crash cannot leave "seen" without "answered" or the reverse.
 */
public final class DedupeProcessor implements FixedKeyProcessor<String, WorkItem, WorkItem> {
  public static final String STAGE = "dedupe";
  static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);
  static final int SWEEP_BATCH = 10_000;
  private final String storeName;
  private final Duration retention;
  private final PipelineMetrics metrics;
  private FixedKeyProcessorContext<String, WorkItem> context;
  private KeyValueStore<String, Long> seen;
  private RetentionSweeper<Long> sweeper;

  public DedupeProcessor(String storeName, Duration retention, PipelineMetrics metrics) {
    this.storeName = storeName;
    this.retention = retention;
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, WorkItem> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
    this.sweeper = new RetentionSweeper<>(seen, Long::longValue, retention.toMillis(), SWEEP_BATCH);
    // Stream time, so the sweep follows the records' own clock (and tests can drive it).
    context.schedule(SWEEP_INTERVAL, PunctuationType.STREAM_TIME, sweeper::sweep);
  }

  @Override
  public void process(FixedKeyRecord<String, WorkItem> record) {
    WorkItem item = record.value();
    if (item.decided()) {
      context.forward(record);
      return;
    }
    long start = System.nanoTime();
    String id = item.inquiryId();
    long ts = record.timestamp();
    Long firstSeen = seen.get(id);
    WorkItem next;
    if (firstSeen != null && !sweeper.expired(firstSeen, ts)) {
      next = item.withOutcome(new Outcome.Duplicate(firstSeen));
    } else {
      seen.put(id, ts);
      next = item;
    }
    long micros = (System.nanoTime() - start) / 1_000;
    metrics.stage(STAGE, micros);
    context.forward(record.withValue(next.withStage(STAGE, micros)));
  }
}
