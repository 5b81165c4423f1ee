package io.ticketflow.bench.soak;

import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.Route;
import io.ticketflow.schema.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every committed output of the run (replies, escalations, audit, DLQ) with a
 * read_committed consumer, as a downstream system would see them, and books them per inquiryId:
 * how many replies-or-escalations, how many audit records, how many of those are decisions. The
 * first reply or escalation of an inquiry also gives its end-to-end latency: from just before the
 * generator handed it to the producer to the moment this consumer saw the committed output.
 *
 * <p>The books are kept by the reader thread alone and read after {@link #stop()}, which joins it.
 */
final class OutputLedger {
  /** Counts for one inquiryId. */
  static final class Entry {
    int outputs;
    int audits;
    int decisions;
    Route route;
  }

  private final Topics topics;
  private final KafkaConsumer<String, byte[]> consumer;
  private final long startNanos;
  private final Map<String, Long> sentAtNanos = new ConcurrentHashMap<>();
  private final Map<String, Entry> entries = new HashMap<>();
  private final Map<Route, Long> auditRoutes = new EnumMap<>(Route.class);
  private final AtomicLong outputs = new AtomicLong();
  private final AtomicLong audits = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread reader;
  private long[] sentOffsetMillis = new long[1 << 16];
  private long[] latencyMicros = new long[1 << 16];
  private int samples;

  OutputLedger(String bootstrapServers, Topics topics, long startNanos) {
    this.topics = topics;
    this.startNanos = startNanos;
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String topic : List.of(topics.replies().name(), topics.escalations().name(), topics.audit().name(),
        topics.dlq().name())) {
      consumer.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(parts);
    // The run's topics are new: everything on them is this run's.
    consumer.seekToBeginning(parts);
    reader = new Thread(this::read, "soak-ledger");
  }

  void start() {
    reader.start();
  }

  /** Called just before an inquiry is handed to the producer; a redelivery keeps the first time. */
  void sent(String inquiryId, long nanos) {
    sentAtNanos.putIfAbsent(inquiryId, nanos);
  }

  long outputs() {
    return outputs.get();
  }

  long audits() {
    return audits.get();
  }

  long deadLetters() {
    return deadLetters.get();
  }

  /** Stops reading and returns once the reader has finished. */
  void stop() throws InterruptedException {
    stop.set(true);
    reader.join();
  }

  Map<String, Entry> entries() {
    return entries;
  }

  Map<Route, Long> auditRoutes() {
    return auditRoutes;
  }

  /** Send time (ms since start) of each inquiry that got an output, in the order outputs were seen. */
  long[] sentOffsetMillis() {
    return Arrays.copyOf(sentOffsetMillis, samples);
  }

  /** End-to-end latency (µs) of each inquiry that got an output, parallel to {@link #sentOffsetMillis()}. */
  long[] latencyMicros() {
    return Arrays.copyOf(latencyMicros, samples);
  }

  private void read() {
    var replies = topics.replies().valueSerde().deserializer();
    var escalations = topics.escalations().valueSerde().deserializer();
    var audit = topics.audit().valueSerde().deserializer();
    try {
      while (!stop.get()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          long now = System.nanoTime();
          String topic = r.topic();
          if (topic.equals(topics.replies().name())) {
            output(replies.deserialize(topic, r.value()).getInquiryId(), now);
          } else if (topic.equals(topics.escalations().name())) {
            output(escalations.deserialize(topic, r.value()).getInquiryId(), now);
          } else if (topic.equals(topics.audit().name())) {
            audit(audit.deserialize(topic, r.value()));
          } else {
            deadLetters.incrementAndGet();
          }
        }
      }
    } finally {
      consumer.close();
    }
  }

  private void output(String inquiryId, long now) {
    Entry e = entries.computeIfAbsent(inquiryId, id -> new Entry());
    if (e.outputs++ == 0) {
      Long sent = sentAtNanos.get(inquiryId);
      if (sent != null) {
        if (samples == latencyMicros.length) {
          sentOffsetMillis = Arrays.copyOf(sentOffsetMillis, samples * 2);
          latencyMicros = Arrays.copyOf(latencyMicros, samples * 2);
        }
        sentOffsetMillis[samples] = (sent - startNanos) / 1_000_000;
        latencyMicros[samples] = (now - sent) / 1_000;
        samples++;
      }
    }
    outputs.incrementAndGet();
  }

  private void audit(AuditRecord record) {
    Entry e = entries.computeIfAbsent(record.getInquiryId(), id -> new Entry());
    e.audits++;
    Route route = record.getRoute();
    auditRoutes.merge(route, 1L, Long::sum);
    if (route != Route.DUPLICATE) {
      e.decisions++;
      e.route = route;
    }
    audits.incrementAndGet();
  }
}
