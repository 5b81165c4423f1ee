package io.ticketflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The task's decisions against a fake database that, like Debezium's task, writes a batch whole or
 * not at all and refuses every write after a failure until told to forget it.
 */
class DeadLetteringJdbcSinkTaskTest {
  private final Map<String, String> rows = new LinkedHashMap<>();
  private final List<String> deadLettered = new ArrayList<>();
  private final List<String> deadLetterReasons = new ArrayList<>();
  private final List<Long> timeouts = new ArrayList<>();
  private boolean down;
  private boolean canForget = true;
  private int writersStarted;
  private int writesUntilDown = -1;
  private RecordingSinkTaskContext context;

  @BeforeEach
  void context() {
    context = new RecordingSinkTaskContext(Set.of(), (record, error) -> {
      deadLettered.add(record.value().toString());
      deadLetterReasons.add(error.getMessage());
    }, timeouts::add);
  }

  private DeadLetteringJdbcSinkTask task(Map<String, String> overrides) {
    DeadLetteringJdbcSinkTask task = new DeadLetteringJdbcSinkTask((props, ctx, assigned) -> {
      if (down) {
        throw new ConnectException("cannot connect", new SQLException("Connection refused", "08001"));
      }
      writersStarted++;
      return new FakeWriter();
    });
    task.initialize(context);
    Map<String, String> props = new HashMap<>(Map.of(
        "errors.deadletterqueue.topic.name", "t.connect-dlq",
        "errors.tolerance", "all",
        "errors.retry.timeout", "-1",
        "errors.retry.delay.max.ms", "8000"));
    props.putAll(overrides);
    props.values().removeIf(String::isEmpty);
    task.start(props);
    return task;
  }

  @Test
  void aRefusedRecordIsDeadLetteredWithItsReasonAndItsNeighboursAreWritten() {
    DeadLetteringJdbcSinkTask task = task(Map.of());
    task.put(records("a", "bad-1", "b"));
    assertThat(rows).containsOnlyKeys("a", "b");
    assertThat(deadLettered).containsExactly("bad-1");
    assertThat(deadLetterReasons.get(0)).isEqualTo("the database refused the record: SQLSTATE 23514: check \"c\"");
    assertThat(writersStarted).as("the writer goes on after a refusal").isEqualTo(1);
  }

  @Test
  void aWriterThatCannotForgetARefusalIsReplaced() {
    canForget = false;
    task(Map.of()).put(records("a", "bad-1", "b", "bad-2", "c"));
    assertThat(rows).containsOnlyKeys("a", "b", "c");
    assertThat(deadLettered).containsExactly("bad-1", "bad-2");
    assertThat(writersStarted).isEqualTo(4); // the first, and one after each of the three failures
  }

  @ParameterizedTest
  @CsvSource({"errors.deadletterqueue.topic.name, ''", "errors.tolerance, none", "errors.tolerance, ''"})
  void withoutADeadLetterTopicOrToleranceARefusalFailsTheTaskAndSkipsNothing(String key, String value) {
    DeadLetteringJdbcSinkTask task = task(Map.of(key, value));
    assertThatThrownBy(() -> task.put(records("a", "bad-1")))
        .isInstanceOf(ConnectException.class).isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("SQLSTATE 23514");
    assertThat(deadLettered).isEmpty();
  }

  @Test
  void moreThanTenRefusalsInARowStopTheTaskButAGoodRecordBetweenResetsTheCount() {
    DeadLetteringJdbcSinkTask task = task(Map.of());
    List<String> values = new ArrayList<>(IntStream.range(0, 10).mapToObj(i -> "bad-a" + i).toList());
    values.add("good");
    values.addAll(IntStream.range(0, 10).mapToObj(i -> "bad-b" + i).toList());
    task.put(records(values.toArray(String[]::new)));
    assertThat(deadLettered).hasSize(20);
    assertThat(rows).containsOnlyKeys("good");

    assertThatThrownBy(() -> task.put(records(100, "bad-c")))
        .isInstanceOf(ConnectException.class).isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("refused 11 records in a row");
    assertThat(deadLettered).hasSize(20);
  }

  @Test
  void aDatabaseThatIsDownIsRetriedWithAGrowingBackoffAndTheSameRecordsWrittenOnceBack() {
    DeadLetteringJdbcSinkTask task = task(Map.of());
    down = true;
    List<SinkRecord> batch = records("a", "b");
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class)
          .hasMessageContaining("SQLSTATE 08");
    }
    assertThat(timeouts).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 8_000L);
    down = false;
    task.put(batch);
    assertThat(rows).containsOnlyKeys("a", "b");
    assertThat(deadLettered).isEmpty();

    down = true;
    assertThatThrownBy(() -> task.put(records(10, "c"))).isInstanceOf(RetriableException.class);
    assertThat(timeouts).as("a success starts the backoff over").endsWith(1_000L);
  }

  @Test
  void withoutRetriesADatabaseThatIsDownFailsTheTask() {
    DeadLetteringJdbcSinkTask task = task(Map.of("errors.retry.timeout", "0"));
    down = true;
    assertThatThrownBy(() -> task.put(records("a"))).isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class);
    assertThat(timeouts).isEmpty();
  }

  @Test
  void aBatchRetriedAfterTheDatabaseWentDownMidwayDeadLettersItsRefusedRecordOnce() {
    DeadLetteringJdbcSinkTask task = task(Map.of());
    List<SinkRecord> batch = records("a", "bad-1", "b");
    writesUntilDown = 3; // the batch, "a", "bad-1"; then the database goes down before "b"
    assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class);
    assertThat(deadLettered).containsExactly("bad-1");
    down = false;
    task.put(batch);
    assertThat(rows).containsOnlyKeys("a", "b");
    assertThat(deadLettered).containsExactly("bad-1");
  }

  @Test
  void aDatabaseDownAtStartIsWaitedForOnlyWhenRetriesAreAllowed() {
    down = true;
    DeadLetteringJdbcSinkTask task = task(Map.of());
    down = false;
    task.put(records("a"));
    assertThat(rows).containsOnlyKeys("a");

    down = true;
    assertThatThrownBy(() -> task(Map.of("errors.retry.timeout", "0"))).isInstanceOf(ConnectException.class)
        .hasMessageContaining("SQLSTATE 08001");
  }

  @Test
  void aFailureThatIsNeitherARefusalNorPassingFailsTheTask() {
    DeadLetteringJdbcSinkTask task = task(Map.of());
    assertThatThrownBy(() -> task.put(records("a", "denied"))).isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class).hasMessageContaining("SQLSTATE 42501");
    assertThat(rows).isEmpty();
    assertThat(deadLettered).isEmpty();
  }

  private static List<SinkRecord> records(String... values) {
    return records(0, values);
  }

  private static List<SinkRecord> records(int firstOffset, String... values) {
    List<SinkRecord> records = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      records.add(new SinkRecord("t.replies", 0, null, values[i], null, values[i], firstOffset + i));
    }
    return records;
  }

  /** Writes a batch whole or not at all; "bad-…" breaks a CHECK, "denied" lacks a right. */
  private final class FakeWriter implements SinkWriter {
    private Throwable failed;

    @Override
    public Throwable write(Collection<SinkRecord> records) {
      if (failed != null) {
        return failed;
      }
      if (writesUntilDown == 0) {
        down = true;
      }
      writesUntilDown--;
      if (down) {
        failed = new ConnectException("flush", new SQLException("I/O error", "08006"));
      } else if (records.stream().anyMatch(r -> r.value().toString().startsWith("bad"))) {
        failed = new ConnectException("flush", new SQLException("check \"c\"", "23514"));
      } else if (records.stream().anyMatch(r -> r.value().equals("denied"))) {
        failed = new ConnectException("flush", new SQLException("permission denied", "42501"));
      } else {
        records.forEach(r -> rows.put(r.value().toString(), r.value().toString()));
      }
      return failed;
    }

    @Override
    public boolean forgetFailure() {
      if (canForget) {
        failed = null;
      }
      return canForget;
    }

    @Override
    public void open(Collection<TopicPartition> partitions) { }

    @Override
    public void close(Collection<TopicPartition> partitions) { }

    @Override
    public void close() { }
  }
}
