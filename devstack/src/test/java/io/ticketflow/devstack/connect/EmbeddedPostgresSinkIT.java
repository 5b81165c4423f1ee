package io.ticketflow.devstack.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.connect.sink.SinkTable;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.db.EmbeddedPostgresDatabase;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.serde.AvroSerializer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo's path on a machine without PostgreSQL: no URL given, so the sinks write into an
 * embedded server started from the Maven jar's binaries, which closing the sinks stops.
 */
@ExtendWith(EmbeddedStackExtension.class)
class EmbeddedPostgresSinkIT {

  @Test
  void withoutAJdbcUrlTheSinksWriteIntoAnEmbeddedPostgres(EmbeddedStack stack) throws Exception {
    String prefix = "embeddedpg-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    for (SinkTable table : SinkTable.values()) {
      stack.kafka().createTopic(prefix + table.topicSuffix(), 1);
    }
    EmbeddedSinks sinks = EmbeddedSinks.start(stack, null, null, null,
        s -> s.withTopicPrefix(prefix).withConnectorPrefix(prefix));
    try (sinks;
        KafkaProducer<String, GenericContainer> producer = producer(stack)) {
      assertThat(sinks.database()).isInstanceOf(EmbeddedPostgresDatabase.class);
      assertThat(sinks.database().jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").endsWith("/postgres");
      for (int i = 0; i < 50; i++) {
        Reply reply = OutputSamples.reply("epg", i);
        AuditRecord audit = OutputSamples.audit("epg", i);
        producer.send(new ProducerRecord<>(prefix + "replies", reply.getConversationId(), reply));
        producer.send(new ProducerRecord<>(prefix + "audit", audit.getInquiryId(), audit));
      }
      producer.flush();

      await().atMost(Duration.ofSeconds(60)).until(() ->
          count(sinks, "SELECT count(*) FROM replies") == 50 && count(sinks, "SELECT count(*) FROM audit") == 50);
      assertThat(count(sinks, "SELECT count(*) FROM audit WHERE route = 'LLM'")).isEqualTo(10);
    }
  }

  private static KafkaProducer<String, GenericContainer> producer(EmbeddedStack stack) {
    AvroSerializer<GenericContainer> serializer = new AvroSerializer<>();
    serializer.configure(stack.serdeConfig(), false);
    return new KafkaProducer<>(Map.copyOf(stack.kafka().clientConfig()), new StringSerializer(), serializer);
  }

  private static long count(EmbeddedSinks sinks, String sql) {
    try (Connection c = sinks.database().connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      return -1; // table not there yet
    }
  }
}
