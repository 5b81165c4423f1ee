package io.ticketflow.connect.sink;

import io.debezium.connector.jdbc.JdbcSinkConnectorTask;
import io.debezium.connector.jdbc.Module;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's JDBC sink task, with every record the database refuses (a value too long for its
 * column, a CHECK or NOT NULL constraint, a key too large for its index: {@link RefusedRecords})
 * reported to the connector's dead letter topic through Connect's {@link ErrantRecordReporter},
 * and the records around it written.
 *
 * <p>Connect's {@code errors.tolerance} covers converters and transforms only; what fails inside
 * a sink task's {@code put} is the connector's to report (KIP-610), and Debezium's JDBC sink 3.6.0,
 * the newest this build can get, does not: its task keeps the failure and fails at the next
 * {@code put}, so one refused row stopped a sink until an operator intervened. Debezium's later
 * line does the same as this class, which is why it wraps Debezium's task rather than replacing it.
 *
 * <p>When a batch fails for a record's fault, its records are written again one at a time (rows
 * are upserted by key, so rewriting the batch's good records changes nothing) and the refused ones
 * are reported, in order. A failed Debezium task refuses everything after its failure, so each
 * failure replaces it with a fresh one. A failure that is not a record's fault (the database down,
 * a missing table), or any failure when the connector has no dead letter topic, still fails the
 * task as before: its records are not written, so they must not be skipped. Reported records reach
 * the dead letter topic before Connect commits their offsets, so none is lost.
 */
public class DeadLetteringJdbcSinkTask extends SinkTask {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringJdbcSinkTask.class);

  private final Set<TopicPartition> assigned = new LinkedHashSet<>();
  private Map<String, String> props;
  private JdbcSinkConnectorTask debezium;

  @Override
  public String version() {
    return Module.version();
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = Map.copyOf(props);
    debezium = startDebezium();
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    Throwable failure = write(records);
    if (failure == null) {
      return;
    }
    if (records.size() == 1) {
      report(records.iterator().next(), failure);
      return;
    }
    if (RefusedRecords.refusal(failure).isEmpty() || reporter() == null) {
      throw new ConnectException("JDBC sink failure", failure);
    }
    for (SinkRecord record : records) {
      Throwable refused = write(List.of(record));
      if (refused != null) {
        report(record, refused);
      }
    }
  }

  /** Writes {@code records} through Debezium's task; the failure, after which that task is gone. */
  private Throwable write(Collection<SinkRecord> records) {
    if (debezium == null) {
      debezium = startDebezium();
    }
    debezium.put(records);
    Throwable failure = debezium.getLastProcessingException();
    if (failure != null) {
      stopDebezium();
    }
    return failure;
  }

  private void report(SinkRecord record, Throwable failure) {
    Optional<SQLException> refusal = RefusedRecords.refusal(failure);
    ErrantRecordReporter reporter = reporter();
    if (refusal.isEmpty() || reporter == null) {
      throw new ConnectException("JDBC sink failure", failure);
    }
    String reason = RefusedRecords.describe(refusal.get());
    // The record's position only: its values are customers' texts and stay out of the log.
    LOG.warn("The database refused the record at {}-{} offset {} ({}); it goes to the dead letter topic",
        record.originalTopic(), record.originalKafkaPartition(), record.originalKafkaOffset(), reason);
    try {
      reporter.report(record, new ConnectException("the database refused the record: " + reason, failure)).get();
    } catch (ExecutionException e) {
      throw new ConnectException("cannot write a refused record to the dead letter topic", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while writing a refused record to the dead letter topic", e);
    }
  }

  /** Connect's reporter, or null when the connector has no dead letter topic or error log. */
  private ErrantRecordReporter reporter() {
    return context.errantRecordReporter();
  }

  private JdbcSinkConnectorTask startDebezium() {
    JdbcSinkConnectorTask task = new JdbcSinkConnectorTask();
    task.initialize(context);
    try {
      task.start(props);
      if (!assigned.isEmpty()) {
        task.open(List.copyOf(assigned));
      }
    } catch (RuntimeException e) {
      task.stop();
      throw e;
    }
    return task;
  }

  private void stopDebezium() {
    JdbcSinkConnectorTask task = debezium;
    debezium = null;
    if (task != null) {
      try {
        task.stop();
      } catch (RuntimeException e) {
        LOG.warn("Stopping a failed JDBC sink task failed", e);
      }
    }
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    assigned.addAll(partitions);
    if (debezium != null) {
      debezium.open(partitions);
    }
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    assigned.removeAll(partitions);
    if (debezium != null) {
      debezium.close(partitions);
    }
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    // Without a task (the last record of a put was refused) every record handed over is written
    // or reported, which is what Connect's offsets say.
    return debezium == null ? currentOffsets : debezium.preCommit(currentOffsets);
  }

  @Override
  public void stop() {
    stopDebezium();
  }
}
