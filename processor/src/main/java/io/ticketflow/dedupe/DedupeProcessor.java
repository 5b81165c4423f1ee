package io.ticketflow.dedupe;

import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.WorkItem;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Stage 3: drops redeliveries. The store maps inquiryId to when it was first seen; a window store
 * so entries expire by themselves after the retention (segments are dropped, no punctuator). A
 * redelivery of the same inquiry keeps its conversationId key and so lands on the same partition
 * and task as the first delivery. Under exactly-once the store update commits with the outputs,
 * so a crash cannot leave "seen" without "answered" or the reverse.
 */
public final class DedupeProcessor implements FixedKeyProcessor<String, WorkItem, WorkItem> {
  public static final String STAGE = "dedupe";
  private final String storeName;
  private final Duration retention;
  private final PipelineMetrics metrics;
  private FixedKeyProcessorContext<String, WorkItem> context;
  private WindowStore<String, Long> seen;

  public DedupeProcessor(String storeName, Duration retention, PipelineMetrics metrics) {
    this.storeName = storeName;
    this.retention = retention;
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, WorkItem> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
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
    Long firstSeen = null;
    try (WindowStoreIterator<Long> it = seen.fetch(id, ts - retention.toMillis(), ts + retention.toMillis())) {
      if (it.hasNext()) {
        firstSeen = it.next().value;
      }
    }
    WorkItem next;
    if (firstSeen != null) {
      next = item.withOutcome(new Outcome.Duplicate(firstSeen));
    } else {
      seen.put(id, ts, ts);
      next = item;
    }
    long micros = (System.nanoTime() - start) / 1_000;
    metrics.stage(STAGE, micros);
    context.forward(record.withValue(next.withStage(STAGE, micros)));
  }
}
