package io.ticketflow.devstack.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.schema.Channel;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.serde.AvroSerializer;
import io.ticketflow.schema.topic.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The docker-compose stack with its real images (Kafka, Confluent Schema Registry, Connect with
 * Confluent's AvroConverter and the Debezium JDBC sink, PostgreSQL, the processor built from this
 * repository): an FAQ entry and a matching inquiry sent with our serializer end as a reply row in
 * PostgreSQL. Proves our wire format and connector templates work with Confluent's components.
 * Needs a Docker engine; without one Testcontainers disables it and says so.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {
  static final Duration STARTUP = Duration.ofMinutes(10);

  @Container
  static final ComposeContainer STACK = new ComposeContainer(DockerComposeFileTest.COMPOSE.toFile())
      .withBuild(true)
      .waitingFor("kafka", Wait.forHealthcheck().withStartupTimeout(STARTUP))
      .waitingFor("schema-registry", Wait.forHealthcheck().withStartupTimeout(STARTUP))
      .waitingFor("postgres", Wait.forHealthcheck().withStartupTimeout(STARTUP))
      .waitingFor("connect", Wait.forHealthcheck().withStartupTimeout(STARTUP));

  @Test
  void anInquiryBecomesAReplyRowInPostgres() {
    String tenant = "acme";
    String question = "How do I reset my password " + UUID.randomUUID() + "?";
    String inquiryId = "compose-" + UUID.randomUUID();
    Instant now = Instant.now();
    FaqEntry faq = FaqEntry.newBuilder().setId("reset-" + UUID.randomUUID()).setTenantId(tenant)
        .setQuestion(question).setAlternates(List.of()).setAnswer("Use the reset link on the sign-in page.")
        .setLanguage("en").setTags(List.of()).setUpdatedAt(now).build();
    Inquiry inquiry = Inquiry.newBuilder().setInquiryId(inquiryId).setConversationId("conv-" + inquiryId)
        .setTenantId(tenant).setChannel(Channel.WEB_CHAT).setCustomerId(null).setLanguage("en")
        .setText(question).setReceivedAt(now).setMetadata(Map.of()).build();

    AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
    serializer.configure(Map.of("schema.registry.url", "http://localhost:8081"), false);
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9094"), new StringSerializer(), serializer)) {
      producer.send(new ProducerRecord<>(Topics.DEFAULT_PREFIX + Topics.FAQ,
          Topics.faqKey(tenant, faq.getId()), faq));
      producer.flush();
      // The processor may still be loading the FAQ: resend the inquiry until its row appears
      // (dedupe keeps it to one reply; upsert keeps it to one row).
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5)).until(() -> {
        producer.send(new ProducerRecord<>(Topics.DEFAULT_PREFIX + Topics.INQUIRIES,
            inquiry.getConversationId(), inquiry));
        producer.flush();
        return replyRows(inquiryId) > 0;
      });
    }
    assertThat(replyRows(inquiryId)).isEqualTo(1);
  }

  private static long replyRows(String inquiryId) {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:5432/ticketflow",
            "ticketflow", "ticketflow");
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM replies WHERE inquiryId = ?")) {
      s.setString(1, inquiryId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      return 0; // table not created yet
    }
  }
}
