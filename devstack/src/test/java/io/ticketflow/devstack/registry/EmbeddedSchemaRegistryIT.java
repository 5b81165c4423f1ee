package io.ticketflow.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.schema.registry.InMemorySchemaRegistry;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedStackExtension.class)
class EmbeddedSchemaRegistryIT {

  private static Set<Thread> producerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("kafka-producer-network-thread"))
        .collect(Collectors.toSet());
  }

  /** A new journal topic holding one record with {@code key} and an empty object as its value. */
  private static String journalOfOneRecord(EmbeddedStack stack, String prefix, String key) throws Exception {
    String topic = prefix + UUID.randomUUID();
    stack.kafka().createTopic(topic, 1);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, 0, key, "{}")).get();
    }
    return topic;
  }

  /** A journal it cannot read stops the start, and the journal's producer goes with it. */
  @Test
  void aStartThatFailsOnAnUnreadableJournalLeavesNoProducerRunning(EmbeddedStack stack) throws Exception {
    String topic = journalOfOneRecord(stack, "_schemas-unreadable-", "not json {");
    Set<Thread> before = producerThreads();

    assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(stack.kafka(), 0, topic))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("unreadable record at offset 0 of " + topic);

    Set<Thread> left = producerThreads();
    left.removeAll(before);
    assertThat(left).as("producer threads the failed start left running").isEmpty();
  }

  /** A replay that does not reach the journal's end in time fails, naming where it stood. */
  @Test
  void aReplayThatOverrunsItsDeadlineFailsInsteadOfWaitingForEver(EmbeddedStack stack) throws Exception {
    String topic = journalOfOneRecord(stack, "_schemas-slow-", "{\"keytype\":\"NOOP\"}");
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    assertThatThrownBy(() -> KafkaSchemaJournal.replay(stack.bootstrapServers(), topic, registry, Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot read the schema journal " + topic + ": at offset 0 of 1 after 0 s");
    // With time to read it, the same journal replays.
    KafkaSchemaJournal.replay(stack.bootstrapServers(), topic, registry, Duration.ofSeconds(30));
  }
}
