package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.connect.sink.SinkTable;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.connect.EmbeddedSinks;
import io.ticketflow.devstack.connect.OutputSamples;
import io.ticketflow.devstack.db.Database;
import io.ticketflow.devstack.db.Databases;
import io.ticketflow.devstack.db.ExternalDatabase;
import io.ticketflow.devstack.db.ScratchDatabase;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.devstack.kafka.EmbeddedKafka;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.serde.AvroSerializer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A sink whose database is unreachable keeps its task RUNNING; {@link SinkProgress} calls it
 * stalled once records that were on its topic {@code stallAfter} ago are still not committed,
 * while a sink that keeps up is not, although its transactional topic leaves commit markers and an
 * aborted transaction's records behind its committed offsets. Real broker, real Connect workers,
 * real PostgreSQL; the watcher's clock is the test's, so no test waits for {@code stallAfter}.
 */
@ExtendWith(EmbeddedStackExtension.class)
class SinkProgressIT {
  private static final Duration STALL_AFTER = Duration.ofMinutes(5);

  @Test
  void aSinkThatCannotWriteIsStalledAndOneThatKeepsUpIsNot(EmbeddedStack stack) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String live = "progress-live-" + id + ".";
    String down = "progress-down-" + id + ".";
    for (String prefix : List.of(live, down)) {
      stack.kafka().createTopic(prefix + SinkTable.REPLIES.topicSuffix(), 2);
      for (SinkTable table : SinkTable.values()) {
        if (table != SinkTable.REPLIES) {
          stack.kafka().createTopic(prefix + table.topicSuffix(), 1);
        }
      }
      stack.kafka().createTopic(prefix + "connect-dlq", 1);
    }
    Database nowhere = new ExternalDatabase("jdbc:postgresql://127.0.0.1:" + EmbeddedKafka.freePort() + "/nowhere",
        "postgres", "");
    AtomicLong clock = new AtomicLong();
    MeterRegistry meters = new SimpleMeterRegistry();
    try (Database server = Databases.serverForTests();
        ScratchDatabase database = ScratchDatabase.create(server, "progress");
        EmbeddedSinks liveSinks = EmbeddedSinks.start(stack, database, false,
            s -> s.withTopicPrefix(live).withConnectorPrefix(live));
        EmbeddedSinks downSinks = EmbeddedSinks.start(stack, nowhere, false,
            s -> s.withTopicPrefix(down).withConnectorPrefix(down));
        SinkProgress liveProgress = progress(stack, liveSinks, meters, clock);
        SinkProgress downProgress = progress(stack, downSinks, meters, clock)) {
      String liveReplies = liveSinks.connectors().stream().filter(c -> c.table() == SinkTable.REPLIES)
          .findFirst().orElseThrow().name();
      String downReplies = downSinks.connectors().stream().filter(c -> c.table() == SinkTable.REPLIES)
          .findFirst().orElseThrow().name();
      sendReplies(stack, live + SinkTable.REPLIES.topicSuffix(), id, 20, true);
      sendReplies(stack, down + SinkTable.REPLIES.topicSuffix(), id, 20, true);
      await().atMost(Duration.ofSeconds(60)).until(() -> rows(database) == 20);

      // Caught up: what is left behind the committed offsets is one commit marker per partition
      // and an aborted transaction (3 records, a marker each side); no data record.
      sendReplies(stack, live + SinkTable.REPLIES.topicSuffix(), "aborted-" + id, 3, false);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        liveProgress.poll();
        assertThat(liveProgress.lag(liveReplies)).hasValueSatisfying(lag -> assertThat(lag).isBetween(4L, 7L));
      });
      downProgress.poll();
      assertThat(downProgress.lag(downReplies)).hasValueSatisfying(lag -> assertThat(lag).isGreaterThanOrEqualTo(20));
      assertThat(downProgress.problem()).as("not watched for stallAfter yet").isEmpty();

      clock.addAndGet(STALL_AFTER.toNanos());
      liveProgress.poll();
      downProgress.poll();
      assertThat(liveProgress.problem()).as("markers and aborted records are no backlog").isEmpty();
      assertThat(downProgress.problem()).hasValueSatisfying(p -> assertThat(p)
          .contains("sink connector " + downReplies + " has not written records that were on its topics 5m ago")
          .doesNotContain(live));
      assertThat(meters.get(SinkProgress.LAG).tag("connector", downReplies).gauge().value())
          .isGreaterThanOrEqualTo(20);

      // Records newer than stallAfter do not count, written or not.
      sendReplies(stack, live + SinkTable.REPLIES.topicSuffix(), "late-" + id, 5, true);
      clock.addAndGet(Duration.ofSeconds(1).toNanos());
      liveProgress.poll();
      assertThat(liveProgress.problem()).isEmpty();
    }
    assertThat(meters.find(SinkProgress.LAG).meters()).as("gauges removed on close").isEmpty();
  }

  private static SinkProgress progress(EmbeddedStack stack, EmbeddedSinks sinks, MeterRegistry meters,
      AtomicLong clock) {
    Map<String, Object> admin = new HashMap<>(stack.kafka().clientConfig());
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    Map<String, Object> consumer = new HashMap<>(stack.kafka().clientConfig());
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    return new SinkProgress(sinks.connect().restUrl().toString(), List.of(), admin, consumer, STALL_AFTER, meters,
        clock::get);
  }

  /** {@code n} replies in one transaction, committed or aborted. */
  private static void sendReplies(EmbeddedStack stack, String topic, String idPrefix, int n, boolean commit)
      throws Exception {
    AvroSerializer<Reply> serializer = new AvroSerializer<>();
    serializer.configure(stack.serdeConfig(), false);
    Map<String, Object> config = new HashMap<>(stack.kafka().clientConfig());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sinkprogressit-" + UUID.randomUUID());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
        new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < n; i++) {
        Reply reply = OutputSamples.reply(idPrefix, i);
        producer.send(new ProducerRecord<>(topic, reply.getConversationId(), serializer.serialize(topic, reply)));
      }
      producer.flush();
      if (commit) {
        producer.commitTransaction();
      } else {
        producer.abortTransaction();
      }
    }
  }

  private static long rows(Database database) throws Exception {
    try (Connection c = database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SinkTable.REPLIES.tableName())) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return 0; // the sink has not created the table yet
      }
      throw e;
    }
  }
}
