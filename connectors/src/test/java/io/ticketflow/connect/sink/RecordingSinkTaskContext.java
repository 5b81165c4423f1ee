package io.ticketflow.connect.sink;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The worker's side of a sink task in unit tests, which run a task without a Connect worker: hands
 * each dead-lettered record and its error, and each requested retry timeout, to the test.
 */
final class RecordingSinkTaskContext implements SinkTaskContext {
  private final Set<TopicPartition> assignment;
  private final BiConsumer<SinkRecord, Throwable> deadLettered;
  private final LongConsumer timeouts;

  RecordingSinkTaskContext(Set<TopicPartition> assignment, BiConsumer<SinkRecord, Throwable> deadLettered,
      LongConsumer timeouts) {
    this.assignment = assignment;
    this.deadLettered = deadLettered;
    this.timeouts = timeouts;
  }

  @Override
  public ErrantRecordReporter errantRecordReporter() {
    return (record, error) -> {
      deadLettered.accept(record, error);
      return CompletableFuture.completedFuture(null);
    };
  }

  @Override
  public void timeout(long timeoutMs) {
    timeouts.accept(timeoutMs);
  }

  @Override
  public Map<String, String> configs() {
    return Map.of();
  }

  @Override
  public void offset(Map<TopicPartition, Long> offsets) { }

  @Override
  public void offset(TopicPartition tp, long offset) { }

  @Override
  public Set<TopicPartition> assignment() {
    return assignment;
  }

  @Override
  public void pause(TopicPartition... partitions) { }

  @Override
  public void resume(TopicPartition... partitions) { }

  @Override
  public void requestCommit() { }

  @Override
  public PluginMetrics pluginMetrics() {
    return null;
  }
}
