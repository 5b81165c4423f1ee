package io.ticketflow.feedback;

import io.ticketflow.dedupe.RetentionSweeper;
import io.ticketflow.schema.FaqStats;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Counts unanswered questions per tenant and wording (the FAQ candidates), and forgets a question
 * not asked for {@code retention}: its entry is deleted and a tombstone published, so neither the
 * store nor the compacted statistics topic grows with every distinct question ever asked. Input:
 * the question's key and {@code tenant + "\n" + redacted text} (ids hold no line break); output:
 * the question's new {@link FaqStats}, or null for a forgotten one.
 *
 * <p>A processor of its own rather than a DSL aggregate, which cannot delete: the store keeps the
 * aggregate's name and type (a timestamped key-value store), so its changelog carries over.
 */
public final class UnansweredQuestionsProcessor implements Processor<String, String, String, FaqStats> {
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
  static final int SWEEP_BATCH = 10_000;
  private final String storeName;
  private final Duration retention;
  private ProcessorContext<String, FaqStats> context;
  private TimestampedKeyValueStore<String, FaqStats> counts;
  private RetentionSweeper<ValueAndTimestamp<FaqStats>> sweeper;

  public UnansweredQuestionsProcessor(String storeName, Duration retention) {
    this.storeName = storeName;
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<String, FaqStats> context) {
    this.context = context;
    this.counts = context.getStateStore(storeName);
    if (!retention.isZero()) {
      sweeper = new RetentionSweeper<>(counts,
          v -> v.value().getUpdatedAt().toEpochMilli(), retention.toMillis(), SWEEP_BATCH,
          key -> context.forward(new Record<>(key, null, context.currentSystemTimeMs())));
      // Wall-clock time, as updatedAt is: a question not asked for the retention goes, traffic or not.
      context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, sweeper::sweep);
    }
  }

  @Override
  public void process(Record<String, String> record) {
    String tenantAndText = record.value();
    int nl = tenantAndText.indexOf('\n');
    ValueAndTimestamp<FaqStats> current = counts.get(record.key());
    if (current == null && sweeper != null) {
      sweeper.added();
    }
    FaqStats next = FaqStatsAggregation.addQuestion(record.key(), tenantAndText.substring(0, nl),
        tenantAndText.substring(nl + 1), current == null ? FaqStatsAggregation.empty() : current.value(),
        context.currentSystemTimeMs());
    counts.put(record.key(), ValueAndTimestamp.make(next, record.timestamp()));
    context.forward(record.withValue(next));
  }
}
