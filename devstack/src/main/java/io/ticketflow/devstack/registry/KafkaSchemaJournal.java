package io.ticketflow.devstack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.schema.registry.Compatibility;
import io.ticketflow.schema.registry.InMemorySchemaRegistry;
import io.ticketflow.schema.registry.RegisteredSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Keeps the registry's changes in a compacted single-partition topic: one record per subject
 * version (key {@code {"keytype":"SCHEMA","subject":…,"version":…}}) and per compatibility setting
 * (key {@code {"keytype":"CONFIG","subject":…}}), values in JSON. A change is acknowledged by the
 * broker before the registry applies it, so a registered id is never lost.
 */
final class KafkaSchemaJournal implements InMemorySchemaRegistry.Journal, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String topic;
  private final KafkaProducer<String, String> producer;

  KafkaSchemaJournal(String bootstrapServers, String topic) {
    this.topic = topic;
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
        new StringSerializer(), new StringSerializer());
  }

  @Override
  public void versionAdded(RegisteredSchema version) {
    String key = JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", version.subject())
        .put("version", version.version()).toString();
    String value = JSON.createObjectNode().put("subject", version.subject())
        .put("version", version.version()).put("id", version.id())
        .put("schema", version.schema().toString()).toString();
    append(key, value);
  }

  @Override
  public void compatibilitySet(String subject, Compatibility compatibility) {
    String key = JSON.createObjectNode().put("keytype", "CONFIG").put("subject", subject).toString();
    String value = JSON.createObjectNode().put("compatibilityLevel", compatibility.name()).toString();
    append(key, value);
  }

  private void append(String key, String value) {
    try {
      producer.send(new ProducerRecord<>(topic, 0, key, value)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while storing a schema", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot store the schema in topic " + topic + ": " + e, e);
    }
  }

  /** How long a replay may take before the start fails (the broker went away half-way, say). */
  static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(2);

  /** Replays the whole topic into {@code registry}. */
  static void replay(String bootstrapServers, String topic, InMemorySchemaRegistry registry) {
    replay(bootstrapServers, topic, registry, REPLAY_TIMEOUT);
  }

  /**
   * Replays the whole topic into {@code registry}, or fails once {@code timeout} has passed: a poll
   * that returns nothing because the broker went away would otherwise loop for ever.
   */
  static void replay(String bootstrapServers, String topic, InMemorySchemaRegistry registry, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        if (System.nanoTime() - deadline >= 0) {
          throw new IllegalStateException("cannot read the schema journal " + topic + ": at offset "
              + consumer.position(partition) + " of " + end + " after " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          apply(record, registry);
        }
      }
    }
  }

  private static void apply(ConsumerRecord<String, String> record, InMemorySchemaRegistry registry) {
    if (record.value() == null) {
      return;
    }
    try {
      JsonNode key = JSON.readTree(record.key());
      JsonNode value = JSON.readTree(record.value());
      switch (key.path("keytype").asText()) {
        case "SCHEMA" -> registry.restore(new RegisteredSchema(value.path("subject").asText(),
            value.path("version").asInt(), value.path("id").asInt(),
            new Schema.Parser().parse(value.path("schema").asText())));
        case "CONFIG" -> registry.restoreCompatibility(key.path("subject").asText(),
            Compatibility.valueOf(value.path("compatibilityLevel").asText()));
        default -> { } // other key types (e.g. written by a real Schema Registry) are not ours
      }
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable record at offset " + record.offset() + " of " + record.topic(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
