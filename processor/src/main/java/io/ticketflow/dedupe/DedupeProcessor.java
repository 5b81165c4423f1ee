package io.ticketflow.dedupe;

import io.ticketflow.feedback.RememberedOutcome;
import io.ticketflow.route.StageProcessor;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.WorkItem;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 3: drops redeliveries. The store maps inquiryId to the {@link RememberedOutcome} of its
 * first delivery, written by the remember stages (see {@link
 * io.ticketflow.feedback.RememberOutcomeProcessor}) in the same {@code process()} call; an entry
 * older than the retention no longer counts and is swept away by a {@link RetentionSweeper}. A redelivery keeps its conversationId key and so lands on the same partition
 * and task as the first delivery. Under exactly-once the store update commits with the outputs,
 * so a crash cannot leave "seen" without "answered" or the reverse.
 */
public final class DedupeProcessor extends StageProcessor {
  public static final String STAGE = "dedupe";
  static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);
  static final int SWEEP_BATCH = 10_000;
  private final String storeName;
  private final Duration retention;
  private KeyValueStore<String, String> seen;
  private RetentionSweeper<String> sweeper;
  private FixedKeyProcessorContext<String, WorkItem> context;

  public DedupeProcessor(String storeName, Duration retention, PipelineMetrics metrics) {
    super(STAGE, metrics);
    this.storeName = storeName;
    this.retention = retention;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, WorkItem> context) {
    super.init(context);
    this.context = context;
    this.seen = context.getStateStore(storeName);
    this.sweeper = new RetentionSweeper<>(seen, v -> RememberedOutcome.decode(v).decidedAt(), retention.toMillis(),
        SWEEP_BATCH);
    // Stream time, so the sweep follows the records' own clock (and tests can drive it), but
    // never ahead of the wall clock.
    context.schedule(SWEEP_INTERVAL, PunctuationType.STREAM_TIME,
        streamTime -> sweeper.sweep(RetentionSweeper.notAhead(streamTime, context)));
  }

  @Override
  protected WorkItem apply(WorkItem item, long ts) {
    String id = item.inquiryId();
    String stored = seen.get(id);
    RememberedOutcome first = stored == null ? null : RememberedOutcome.decode(stored);
    if (first != null && !sweeper.expired(first.decidedAt(), RetentionSweeper.notAhead(ts, context))) {
      return item.withOutcome(new Outcome.Duplicate(first.decidedAt()));
    }
    sweeper.added(); // the remember stages store it
    return item;
  }
}
