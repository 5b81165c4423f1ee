package io.ticketflow.ops;

import io.ticketflow.schema.topic.Topic;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Producers for what people type in (inquiries, FAQ entries): idempotent, acks=all, bounded blocking. */
public final class ReliableProducers {
  private ReliableProducers() {}

  /**
   * A producer for {@code topic}; {@code clientOverrides} come first, the safety settings (acks,
   * idempotence) win; {@code max.block.ms} is 15 s unless the overrides bound it otherwise.
   */
  public static <V> KafkaProducer<String, V> forTopic(String bootstrapServers, Map<String, Object> clientOverrides,
      Topic<String, V> topic) {
    Properties p = new Properties();
    p.putAll(clientOverrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    return new KafkaProducer<>(p, topic.keySerde().serializer(), topic.valueSerde().serializer());
  }
}
