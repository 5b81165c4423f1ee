package io.ticketflow.connect.sink;

import io.debezium.connector.jdbc.Module;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
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
 * the records around it written, and a database that is down waited out.
 *
 * <p>Connect's {@code errors.tolerance} covers converters and transforms only; what fails inside
 * a sink task's {@code put} is the connector's to report (KIP-610), and Debezium's JDBC sink 3.6.0,
 * the newest this build can get, does not: its task keeps the failure and fails at the next
 * {@code put}, so one refused row stopped a sink until an operator intervened. Debezium's later
 * line reports refused records itself; this class wraps Debezium's task instead of replacing it,
 * so that it can go once that line can be had.
 *
 * <p><b>Refusals.</b> When a batch fails for a record's fault, its records are written again one
 * at a time (rows are upserted by key, so rewriting the batch's good records changes nothing) and
 * the refused ones are reported, in order; the task's {@code put} returns only once every record
 * is written or reported, so Connect's own offsets are the ones to commit. Refusals need a dead
 * letter topic ({@code errors.deadletterqueue.topic.name}) and {@code errors.tolerance=all};
 * without them a refusal fails the task, as before, since the record would otherwise be skipped.
 * More than {@value #MAX_REFUSALS_IN_A_ROW} refusals in a row fail the task too: that many bad
 * records in a row are more likely a table that cannot take any (a column added NOT NULL, a new
 * CHECK) than bad records, and dead-lettering the whole stream would hide it.
 *
 * <p><b>A database that is down.</b> A passing failure (a lost connection, a restart, too many
 * connections) makes Connect hand the same records over again after a backoff, with a fresh
 * Debezium task and so fresh connections, for as long as Connect's {@code errors.retry.timeout}
 * allows (the sinks set -1: without end) and with at most {@code errors.retry.delay.max.ms}
 * between attempts (Debezium's own retries, {@code flush.max.retries}, run within each attempt).
 * The task stays RUNNING meanwhile; each attempt logs a WARN here and ERRORs from Debezium and
 * from Connect's worker. Any other failure (a missing table or right) fails the task: its records
 * are then neither written nor skipped.
 *
 * <p>A record can be dead-lettered twice if the task is restarted or its partition moves while a
 * batch is being retried (Connect's usual at-least-once).
 */
public class DeadLetteringJdbcSinkTask extends SinkTask {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringJdbcSinkTask.class);
  static final int MAX_REFUSALS_IN_A_ROW = 10;
  private static final long FIRST_RETRY_MS = 1_000;

  private final SinkWriter.Factory writers;
  private final Set<TopicPartition> assigned = new LinkedHashSet<>();
  /** Records of the batch in hand already dead-lettered (Connect hands it over again after a retriable failure). */
  private final Set<Position> reported = new HashSet<>();
  private Map<String, String> props;
  private SinkWriter writer;
  private boolean deadLetters;
  private long retryTimeoutMs;
  private long maxRetryDelayMs;
  private int retries;
  private long failingSinceNanos;
  private int refusalsInARow;

  private record Position(String topic, int partition, long offset) {
    static Position of(SinkRecord record) {
      return new Position(record.originalTopic(), record.originalKafkaPartition(), record.originalKafkaOffset());
    }
  }

  /** A writer that could not be started: never a refusal of a record. */
  private static final class Unavailable extends ConnectException {
    Unavailable(RuntimeException cause) {
      super("the JDBC sink could not start: " + DatabaseFailures.describe(cause), cause);
    }
  }

  public DeadLetteringJdbcSinkTask() {
    this(DebeziumWriter::start);
  }

  DeadLetteringJdbcSinkTask(SinkWriter.Factory writers) {
    this.writers = writers;
  }

  @Override
  public String version() {
    return Module.version();
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = Map.copyOf(props);
    String topic = props.get("errors.deadletterqueue.topic.name");
    // With errors.tolerance=none Connect would write the dead letter and then fail the task anyway.
    deadLetters = topic != null && !topic.isBlank() && "all".equalsIgnoreCase(props.get("errors.tolerance"));
    retryTimeoutMs = longSetting("errors.retry.timeout", 0);
    maxRetryDelayMs = Math.max(FIRST_RETRY_MS, longSetting("errors.retry.delay.max.ms", 60_000));
    Throwable unavailable = ensureWriter();
    if (unavailable != null) {
      if (!DatabaseFailures.isPassing(unavailable) || retryTimeoutMs == 0) {
        throw (ConnectException) unavailable;
      }
      failingSinceNanos = System.nanoTime();
      LOG.warn("The database is not available ({}); the sink tries again with its first records",
          DatabaseFailures.describe(unavailable));
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    List<SinkRecord> pending = records.stream().filter(r -> !reported.contains(Position.of(r))).toList();
    Throwable failure = write(pending);
    if (failure != null) {
      if (!isRefusal(failure) || !canDeadLetter()) {
        fail(failure);
      }
      if (pending.size() == 1) {
        report(pending.get(0), failure);
      } else {
        for (SinkRecord record : pending) {
          Throwable refused = write(List.of(record));
          if (refused == null) {
            continue;
          }
          if (!isRefusal(refused)) {
            fail(refused);
          }
          report(record, refused);
        }
      }
    }
    reported.clear();
    retries = 0;
    failingSinceNanos = 0;
  }

  /** Writes {@code records}; what failed, or null. A writer that cannot go on is closed. */
  private Throwable write(Collection<SinkRecord> records) {
    Throwable unavailable = ensureWriter();
    if (unavailable != null) {
      return unavailable;
    }
    Throwable failure = writer.write(records);
    if (failure == null) {
      if (!records.isEmpty()) {
        refusalsInARow = 0;
      }
    } else if (!isRefusal(failure) || !writer.forgetFailure()) {
      closeWriter();
    }
    return failure;
  }

  private static boolean isRefusal(Throwable failure) {
    return !(failure instanceof Unavailable) && DatabaseFailures.refusal(failure).isPresent();
  }

  private boolean canDeadLetter() {
    return deadLetters && context.errantRecordReporter() != null;
  }

  /** {@code record} alone was refused: it goes to the dead letter topic. */
  private void report(SinkRecord record, Throwable failure) {
    SQLException refusal = DatabaseFailures.refusal(failure).orElseThrow();
    String reason = DatabaseFailures.describe(refusal);
    if (++refusalsInARow > MAX_REFUSALS_IN_A_ROW) {
      throw new ConnectException("the database refused " + refusalsInARow + " records in a row, the last with "
          + reason + ": more likely a table that takes no record than bad records, so the task stops"
          + " for an operator instead of dead-lettering them all");
    }
    // The record's position only: its values are customers' texts and stay out of the log.
    LOG.warn("The database refused the record at {}-{} offset {} ({}); it goes to the dead letter topic",
        record.originalTopic(), record.originalKafkaPartition(), record.originalKafkaOffset(), reason);
    ErrantRecordReporter reporter = context.errantRecordReporter();
    try {
      // Without the driver's exception as cause: its message can quote the refused value, and the
      // dead letter's headers carry the stack trace.
      reporter.report(record, new ConnectException("the database refused the record: " + reason)).get();
    } catch (ExecutionException e) {
      throw new ConnectException("cannot write a refused record to the dead letter topic", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while writing a refused record to the dead letter topic", e);
    }
    reported.add(Position.of(record));
  }

  /**
   * Fails the put: retriable when the database's failure passes and {@code errors.retry.timeout}
   * allows, so Connect hands the same records over again after a backoff (1 s, doubling up to
   * {@code errors.retry.delay.max.ms}); otherwise the task fails.
   */
  private void fail(Throwable failure) {
    if (!DatabaseFailures.isPassing(failure) || retryTimeoutMs == 0) {
      throw new ConnectException("JDBC sink failure: " + DatabaseFailures.describe(failure), failure);
    }
    long now = System.nanoTime();
    if (failingSinceNanos == 0) {
      failingSinceNanos = now;
    }
    long failingMs = (now - failingSinceNanos) / 1_000_000;
    if (retryTimeoutMs > 0 && failingMs > retryTimeoutMs) {
      throw new ConnectException("the database has failed for " + failingMs / 1000 + " s, longer than"
          + " errors.retry.timeout: " + DatabaseFailures.describe(failure), failure);
    }
    long backoff = Math.min(maxRetryDelayMs, FIRST_RETRY_MS << Math.min(retries, 20));
    retries++;
    LOG.warn("The database failed ({}); the sink writes the same records again in {} ms",
        DatabaseFailures.describe(failure), backoff);
    context.timeout(backoff);
    // Without the driver's exception as cause: Connect logs this one at ERROR on every attempt.
    throw new RetriableException("the database failed: " + DatabaseFailures.describe(failure));
  }

  /** Starts a writer if there is none; what kept it from starting, or null. */
  private Throwable ensureWriter() {
    if (writer == null) {
      try {
        writer = writers.start(props, context, assigned);
      } catch (RuntimeException e) {
        return new Unavailable(e);
      }
    }
    return null;
  }

  private void closeWriter() {
    SinkWriter closing = writer;
    writer = null;
    if (closing != null) {
      closing.close();
    }
  }

  private long longSetting(String key, long otherwise) {
    String value = props.get(key);
    try {
      return value == null || value.isBlank() ? otherwise : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ConnectException(key + " must be a number of milliseconds, not " + value);
    }
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    assigned.addAll(partitions);
    if (writer != null) {
      writer.open(partitions);
    }
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    assigned.removeAll(partitions);
    if (writer != null) {
      writer.close(partitions);
    }
  }

  // preCommit is SinkTask's: put returns only once every record is written or dead-lettered, so
  // the offsets Connect has handed over are the ones to commit (Debezium's own offsets, rewound
  // after a failure, are for its task's way of failing, which this class does not use).

  @Override
  public void stop() {
    closeWriter();
  }
}
