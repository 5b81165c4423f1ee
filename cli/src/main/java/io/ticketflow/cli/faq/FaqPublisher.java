package io.ticketflow.cli.faq;

import io.ticketflow.ops.ReliableProducers;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.topic.Topic;
import io.ticketflow.schema.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes validated FAQ entries to the compacted FAQ topic, keyed {@code tenantId/faqId} so a
 * re-import replaces entries instead of adding copies. Idempotent producer, acks=all; every send is
 * confirmed before {@link #publish} returns.
 */
public final class FaqPublisher implements AutoCloseable {
  private final KafkaProducer<String, FaqEntry> producer;
  private final Topic<String, FaqEntry> topic;
  private final String bootstrapServers;

  public FaqPublisher(String bootstrapServers, Map<String, Object> clientOverrides, Topic<String, FaqEntry> topic) {
    this.producer = ReliableProducers.forTopic(bootstrapServers, clientOverrides, topic);
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
  }

  /** Sends every entry and waits for all acknowledgements; {@code progress} gets the count acknowledged so far. */
  public void publish(List<FaqEntry> entries, IntConsumer progress) {
    List<Future<RecordMetadata>> sent = new ArrayList<>(entries.size());
    for (FaqEntry e : entries) {
      sent.add(producer.send(new ProducerRecord<>(topic.name(), Topics.faqKey(e.getTenantId(), e.getId()), e)));
    }
    int done = 0;
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException("cannot publish to " + topic.name() + " at bootstrap.servers=" + bootstrapServers
            + ": " + e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        throw new IllegalStateException("Kafka at bootstrap.servers=" + bootstrapServers
            + " did not acknowledge FAQ entries within 30 s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing", e);
      }
      progress.accept(++done);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
