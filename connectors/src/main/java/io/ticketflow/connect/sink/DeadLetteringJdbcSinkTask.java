package io.ticketflow.connect.sink;

import io.debezium.connector.jdbc.JdbcSinkConnectorTask;
import io.debezium.connector.jdbc.Module;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's JDBC sink task, with every record the database refuses (a value too long for its
 * column, a CHECK or NOT NULL constraint, a key too large for its index: {@link DatabaseFailures})
 * reported to the connector's dead letter topic through Connect's {@link ErrantRecordReporter},
 * and the records around it written.
 *
 * <p>Connect's {@code errors.tolerance} covers converters and transforms only; what fails inside
 * a sink task's {@code put} is the connector's to report (KIP-610), and Debezium's JDBC sink 3.6.0,
 * the newest this build can get, does not: its task keeps the failure and fails at the next
 * {@code put}, so one refused row stopped a sink until an operator intervened. Debezium's later
 * line reports refused records itself; this class wraps Debezium's task instead of replacing it,
 * so that it can go once that line can be had.
 *
 * <p>When a batch fails for a record's fault, its records are written again one at a time (rows
 * are upserted by key, so rewriting the batch's good records changes nothing) and the refused ones
 * are reported, in order. A failed Debezium task refuses everything after its failure, so each
 * failure replaces it with a fresh one. Reported records reach the dead letter topic before
 * Connect commits their offsets, so none is lost.
 *
 * <p>A passing failure of the database (a lost connection, a restart, too many connections)
 * makes Connect hand the same records over again after a backoff, with a fresh Debezium task and
 * so fresh connections: the sink rides out a database restart without an operator. Any other
 * failure (a missing table or right), or a refusal when the connector has no dead letter topic,
 * fails the task as before: its records are then neither written nor skipped.
 */
public class DeadLetteringJdbcSinkTask extends SinkTask {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringJdbcSinkTask.class);
  private static final long FIRST_RETRY_MS = 1_000;
  private static final long MAX_RETRY_MS = 30_000;

  private final Set<TopicPartition> assigned = new LinkedHashSet<>();
  /** Records of the batch in hand already dead-lettered (Connect hands it over again after a retriable failure). */
  private final Set<Position> reported = new HashSet<>();
  private Map<String, String> props;
  private JdbcSinkConnectorTask debezium;
  private int retries;

  private record Position(String topic, int partition, long offset) {
    static Position of(SinkRecord record) {
      return new Position(record.originalTopic(), record.originalKafkaPartition(), record.originalKafkaOffset());
    }
  }

  static {
    registerDrivers();
  }

  private static void registerDrivers() {
    for (ServiceLoader.Provider<Driver> driver
        : ServiceLoader.load(Driver.class, DeadLetteringJdbcSinkTask.class.getClassLoader()).stream().toList()) {
      try {
        driver.get(); // a driver registers itself when its class is initialized
      } catch (ServiceConfigurationError e) {
        LOG.debug("JDBC driver not loaded", e);
      }
    }
  }

  @Override
  public String version() {
    return Module.version();
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = Map.copyOf(props);
    Throwable failure = ensureDebezium();
    if (failure != null) {
      if (!DatabaseFailures.isPassing(failure)) {
        throw failure instanceof RuntimeException e ? e
            : new ConnectException("cannot connect to the database: " + DatabaseFailures.describe(failure), failure);
      }
      LOG.warn("The database is not available ({}); the sink tries again with its first records",
          DatabaseFailures.describe(failure));
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    List<SinkRecord> pending = records.stream().filter(r -> !reported.contains(Position.of(r))).toList();
    Throwable failure = write(pending);
    if (failure != null) {
      if (pending.size() == 1) {
        settle(pending.get(0), failure);
      } else if (DatabaseFailures.refusal(failure).isPresent() && reporter() != null) {
        for (SinkRecord record : pending) {
          Throwable refused = write(List.of(record));
          if (refused != null) {
            settle(record, refused);
          }
        }
      } else {
        fail(failure);
      }
    }
    reported.clear();
    retries = 0;
  }

  /** Writes {@code records} through Debezium's task; the failure, after which that task is gone. */
  private Throwable write(Collection<SinkRecord> records) {
    Throwable unavailable = ensureDebezium();
    if (unavailable != null) {
      return unavailable;
    }
    debezium.put(records);
    Throwable failure = debezium.getLastProcessingException();
    if (failure != null) {
      stopDebezium();
    }
    return failure;
  }

  /** {@code record} alone failed: dead-lettered if the database refused it, else the put fails. */
  private void settle(SinkRecord record, Throwable failure) {
    Optional<SQLException> refusal = DatabaseFailures.refusal(failure);
    ErrantRecordReporter reporter = reporter();
    if (refusal.isEmpty() || reporter == null) {
      fail(failure);
    }
    String reason = DatabaseFailures.describe(refusal.get());
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
    reported.add(Position.of(record));
  }

  /**
   * Fails the put: retriable when the database's failure is passing, so Connect hands the same
   * records over again after a backoff (1 s, doubling up to 30 s) and the task keeps running
   * through a database restart; otherwise the task fails.
   */
  private void fail(Throwable failure) {
    if (!DatabaseFailures.isPassing(failure)) {
      throw new ConnectException("JDBC sink failure", failure);
    }
    long backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(retries, 5));
    retries++;
    LOG.warn("The database failed ({}); the sink writes the same records again in {} ms",
        DatabaseFailures.describe(failure), backoff);
    context.timeout(backoff);
    throw new RetriableException("the database failed: " + DatabaseFailures.describe(failure), failure);
  }

  /** Connect's reporter, or null when the connector has no dead letter topic or error log. */
  private ErrantRecordReporter reporter() {
    return context.errantRecordReporter();
  }

  /**
   * Starts a Debezium task if there is none; what kept it from starting. A connection is tried
   * first: Hibernate reports a database it cannot reach at start as a missing dialect, without
   * the connection's error, which would read as a failure for an operator.
   */
  private Throwable ensureDebezium() {
    if (debezium != null) {
      return null;
    }
    String url = props.get("connection.url");
    if (hasDriver(url)) {
      try {
        DriverManager.getConnection(url, props.get("connection.username"), props.get("connection.password"))
            .close();
      } catch (SQLException e) {
        return e;
      }
    }
    try {
      debezium = startDebezium();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /**
   * Whether {@link DriverManager} knows a driver for {@code url} (its "no suitable driver" error has
   * SQLSTATE 08001, as if the database were down). Connect's plugin class loader holds the drivers
   * and {@code DriverManager} looks for them in the system class loader only, so this class
   * registers those of its own loader when it is loaded.
   */
  private static boolean hasDriver(String url) {
    try {
      return url != null && DriverManager.getDriver(url) != null;
    } catch (SQLException e) {
      return false;
    }
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
