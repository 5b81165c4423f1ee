package io.ticketflow.connect.sink;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * What {@link DeadLetteringJdbcSinkTask} needs of the task that writes rows:
 * {@link DebeziumWriter} in production, a fake in tests.
 */
interface SinkWriter extends AutoCloseable {

  /** Starts a writer, or throws what kept it from starting. */
  interface Factory {
    SinkWriter start(Map<String, String> props, SinkTaskContext context, Collection<TopicPartition> assigned);
  }

  /** Writes {@code records} (all or none); what failed, or null. */
  Throwable write(Collection<SinkRecord> records);

  /**
   * After a failure, makes this writer take records again, if it can: false when it cannot, and
   * a new one must be started.
   */
  boolean forgetFailure();

  void open(Collection<TopicPartition> partitions);

  void close(Collection<TopicPartition> partitions);

  @Override
  void close();
}
