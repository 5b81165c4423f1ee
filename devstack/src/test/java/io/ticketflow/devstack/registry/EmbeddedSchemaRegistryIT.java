package io.ticketflow.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import java.io.UncheckedIOException;
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

  /** A journal it cannot read stops the start, and the journal's producer goes with it. */
  @Test
  void aStartThatFailsOnAnUnreadableJournalLeavesNoProducerRunning(EmbeddedStack stack) throws Exception {
    String topic = "_schemas-unreadable-" + UUID.randomUUID();
    stack.kafka().createTopic(topic, 1);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, 0, "not json {", "{}")).get();
    }
    Set<Thread> before = producerThreads();

    assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(stack.kafka(), 0, topic))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("unreadable record at offset 0 of " + topic);

    Set<Thread> left = producerThreads();
    left.removeAll(before);
    assertThat(left).as("producer threads the failed start left running").isEmpty();
  }
}
