package io.ticketflow.ops;

import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.topic.Topic;
import io.ticketflow.schema.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the output topics (replies, escalations, audit, DLQ) on a background thread and hands
 * every record, decoded, to the listeners. Partitions are assigned, not subscribed: there is no
 * consumer group to leave behind, and every console, {@code ask} and demo sees every record.
 * Reads {@code read_committed}, so only outcomes of committed transactions are shown.
 */
public final class OutcomeFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeFeed.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Function<byte[], FeedEvent>> decoders = new HashMap<>();
  private final List<Consumer<FeedEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean started;

  /**
   * @param fromBeginning read what the topics already hold (demo, console start-up) or only new records
   */
  public OutcomeFeed(String bootstrapServers, Map<String, Object> clientOverrides, Topics topics,
      boolean fromBeginning) {
    Properties p = new Properties();
    p.putAll(clientOverrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ticketflow-outcome-feed");
    p.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000); // how long finding the topics may take
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    decoder(topics.replies(), FeedEvent::of);
    decoder(topics.escalations(), FeedEvent::of);
    decoder(topics.audit(), FeedEvent::of);
    decoder(topics.dlq(), FeedEvent::of);
    List<TopicPartition> partitions = decoders.keySet().stream()
        .flatMap(t -> consumer.partitionsFor(t).stream())
        .map(OutcomeFeed::partitionOf)
        .toList();
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fix the end now, so nothing published later is missed
    }
    this.thread = new Thread(this::poll, "ticketflow-outcome-feed");
    thread.setDaemon(true);
  }

  private <V> void decoder(Topic<String, V> topic, Function<V, FeedEvent> toEvent) {
    decoders.put(topic.name(), bytes -> toEvent.apply(topic.valueSerde().deserializer().deserialize(topic.name(), bytes)));
  }

  public OutcomeFeed addListener(Consumer<FeedEvent> listener) {
    listeners.add(listener);
    return this;
  }

  public void removeListener(Consumer<FeedEvent> listener) {
    listeners.remove(listener);
  }

  /** Starts following; call after adding the listeners that must see the first records. */
  public synchronized OutcomeFeed start() {
    started = true;
    thread.start();
    return this;
  }

  private void poll() {
    try {
      while (!closed) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          deliver(r);
        }
      }
    } catch (WakeupException e) {
      // close() woke us up
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.error("The outcome feed stopped", e);
      }
    } finally {
      consumer.close();
    }
  }

  private void deliver(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return;
    }
    FeedEvent event;
    try {
      event = decoders.get(r.topic()).apply(r.value());
    } catch (RuntimeException e) {
      // The processor only writes what it can read; an odd record here is worth a line, not a stop.
      LOG.warn("Cannot decode {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
      return;
    }
    for (Consumer<FeedEvent> l : listeners) {
      try {
        l.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("A feed listener failed on {}", event.inquiryId(), e);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (!started) {
      consumer.close();
      return;
    }
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static TopicPartition partitionOf(PartitionInfo info) {
    return new TopicPartition(info.topic(), info.partition());
  }
}
