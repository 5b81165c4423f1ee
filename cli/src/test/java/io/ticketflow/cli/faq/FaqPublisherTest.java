package io.ticketflow.cli.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.registry.MockSchemaRegistry;
import io.ticketflow.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class FaqPublisherTest {

  /**
   * A KafkaProducer's close() waits for every record still in flight, up to delivery.timeout.ms
   * (2 min): after a publish that gave up on acknowledgements at --timeout, faq import hung that
   * long more (seen: 122 s for a 2 s timeout, against a broker that had stopped).
   */
  private static final class ClosingProducer extends MockProducer<String, FaqEntry> {
    final List<Duration> closes = new ArrayList<>();

    ClosingProducer() {
      super(false, null, new StringSerializer(), (topic, entry) -> new byte[0]);
    }

    @Override
    public void close() {
      closes.add(Duration.ofMillis(Long.MAX_VALUE));
      super.close();
    }

    @Override
    public void close(Duration timeout) {
      closes.add(timeout);
      super.close(timeout);
    }
  }

  private static FaqEntry entry(String id) {
    return FaqEntry.newBuilder().setId(id).setTenantId("shop").setQuestion("q " + id).setAlternates(List.of())
        .setAnswer("a").setLanguage("en").setTags(List.of()).setUpdatedAt(Instant.EPOCH).build();
  }

  private static final Topics TOPICS = new Topics("pub.", MockSchemaRegistry.forScope("faq-publisher"),
      Map.of("schema.registry.url", "mock://faq-publisher"));

  @Test
  void afterAcknowledgementsItGaveUpOnTheProducerClosesWithoutWaitingForThem() {
    ClosingProducer producer = new ClosingProducer();
    FaqPublisher publisher = new FaqPublisher(producer, TOPICS.faq(), "127.0.0.1:9092");
    try {
      assertThatThrownBy(() -> publisher.publish(List.of(entry("a"), entry("b")), n -> { }, Duration.ofMillis(200)))
          .hasMessageContaining("did not acknowledge every FAQ entry within 0 s")
          .hasMessageContaining("0 of 2 entries were acknowledged");
    } finally {
      publisher.close();
    }
    assertThat(producer.closes).containsExactly(Duration.ZERO);
  }

  @Test
  void afterEveryAcknowledgementTheProducerClosesAsUsual() {
    MockProducer<String, FaqEntry> producer =
        new MockProducer<>(true, null, new StringSerializer(), (topic, entry) -> new byte[0]);
    try (FaqPublisher publisher = new FaqPublisher(producer, TOPICS.faq(), "127.0.0.1:9092")) {
      publisher.publish(List.of(entry("a"), entry("b")), n -> { }, Duration.ofSeconds(5));
    }
    assertThat(producer.history()).hasSize(2);
    assertThat(producer.closed()).isTrue();
  }
}
