package io.ticketflow.testing;

import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing and reading back on the real broker, for integration tests. */
public final class ClusterIO implements AutoCloseable {
  private final String bootstrap;
  private final KafkaProducer<String, byte[]> producer;
  private final Admin admin;

  public ClusterIO(String bootstrap, int maxRequestBytes) {
    this.bootstrap = bootstrap;
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L << 20, 4L * maxRequestBytes));
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
  }

  public KafkaProducer<String, byte[]> producer() {
    return producer;
  }

  public Admin admin() {
    return admin;
  }

  public void send(String topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value));
  }

  /** Publishes an FAQ entry as a helpdesk does: keyed {@code tenantId/faqId}, Avro with its schema id. */
  public void publish(Topics topics, FaqEntry e) {
    send(topics.faq().name(), Topics.faqKey(e.getTenantId(), e.getId()),
        topics.faq().valueSerde().serializer().serialize(topics.faq().name(), e));
  }

  /** Sends an inquiry as a helpdesk does: keyed by its conversation, Avro with its schema id. */
  public void send(Topics topics, Inquiry in) {
    send(topics.inquiries().name(), in.getConversationId(),
        topics.inquiries().valueSerde().serializer().serialize(topics.inquiries().name(), in));
  }

  public void flush() {
    producer.flush();
  }

  /**
   * Every committed record of {@code topic}, read with read_committed up to the current end, once
   * the topic's transactions have settled (see {@link #awaitSettled}).
   */
  public <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values) {
    awaitSettled(topic);
    return readAll(topic, new StringDeserializer(), values, "read_committed");
  }

  /**
   * Waits, up to 30 s, until no partition of {@code topic} has an open transaction (its last
   * stable offset has reached its end). When a test has just seen the input's consumer lag reach
   * zero, the transaction that committed those offsets may not have written its markers to every
   * output partition yet, and a read_committed read would stop short of its records. A transaction
   * that stays open (a crashed producer) is not waited out: the read then returns what is
   * committed, as before.
   */
  public void awaitSettled(String topic) {
    try {
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> endOffsets(topic, IsolationLevel.READ_COMMITTED)
              .equals(endOffsets(topic, IsolationLevel.READ_UNCOMMITTED)));
    } catch (ConditionTimeoutException e) {
      // An open transaction that does not end: read what is committed.
    }
  }

  /** Each partition's end offset: the high watermark, or with READ_COMMITTED the last stable offset. */
  private Map<TopicPartition, Long> endOffsets(String topic, IsolationLevel isolation)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
        .partitions().stream().collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()),
            p -> OffsetSpec.latest()));
    return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /** Every record of {@code topic} up to the current end, at the given isolation level. */
  public <K, V> List<ConsumerRecord<K, V>> readAll(String topic, Deserializer<K> keys, Deserializer<V> values,
      String isolationLevel) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(c, keys, values)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(pi -> new TopicPartition(topic, pi.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** Records of {@code topic} not yet committed by consumer group {@code groupId}. */
  public long lag(String groupId, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      long lag = 0;
      for (Map.Entry<TopicPartition, Long> end : endOffsets(topic, IsolationLevel.READ_UNCOMMITTED).entrySet()) {
        OffsetAndMetadata o = committed.get(end.getKey());
        lag += end.getValue() - (o == null ? 0 : o.offset());
      }
      return lag;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
    admin.close();
  }
}
