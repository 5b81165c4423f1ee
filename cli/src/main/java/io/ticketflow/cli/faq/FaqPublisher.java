package io.ticketflow.cli.faq;

import io.ticketflow.ops.ReliableProducers;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.topic.Topic;
import io.ticketflow.schema.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes validated FAQ entries to the compacted FAQ topic, keyed {@code tenantId/faqId} so a
 * re-import replaces entries instead of adding copies. Idempotent producer, acks=all; every send is
 * confirmed before {@link #publish} returns.
 */
public final class FaqPublisher implements AutoCloseable {
  private final Producer<String, FaqEntry> producer;
  private final Topic<String, FaqEntry> topic;
  private final String bootstrapServers;
  /** Sends whose acknowledgement publish stopped waiting for: close must not wait for them either. */
  private volatile boolean gaveUp;

  public FaqPublisher(String bootstrapServers, Map<String, Object> clientOverrides, Topic<String, FaqEntry> topic) {
    this(ReliableProducers.forTopic(bootstrapServers, clientOverrides, topic), topic, bootstrapServers);
  }

  FaqPublisher(Producer<String, FaqEntry> producer, Topic<String, FaqEntry> topic, String bootstrapServers) {
    this.producer = producer;
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Sends every entry and waits, at most {@code timeout} in all, for every acknowledgement;
   * {@code progress} gets the count acknowledged so far. When any send fails the exception says how
   * many entries were acknowledged all the same, so the user knows the topic holds part of the file.
   */
  public void publish(List<FaqEntry> entries, IntConsumer progress, Duration timeout) {
    List<Future<RecordMetadata>> sent = new ArrayList<>(entries.size());
    for (FaqEntry e : entries) {
      sent.add(producer.send(new ProducerRecord<>(topic.name(), Topics.faqKey(e.getTenantId(), e.getId()), e)));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    int acknowledged = 0;
    String failure = null; // the first, with its cause
    Throwable cause = null;
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        progress.accept(++acknowledged);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = "cannot publish to " + topic.name() + " at bootstrap.servers=" + bootstrapServers + ": "
              + e.getCause().getMessage();
          cause = e.getCause();
        }
      } catch (TimeoutException e) {
        if (failure == null) {
          failure = "Kafka at bootstrap.servers=" + bootstrapServers + " did not acknowledge every FAQ entry within "
              + timeout.toSeconds() + " s";
          cause = e;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        gaveUp = true;
        throw new IllegalStateException("interrupted while publishing; " + partly(acknowledged, sent.size()), e);
      }
    }
    if (failure != null) {
      gaveUp = true;
      throw new IllegalStateException(failure + "; " + partly(acknowledged, sent.size()), cause);
    }
  }

  private static String partly(int acknowledged, int total) {
    return acknowledged + " of " + total + " entries were acknowledged and are on the topic (importing the file"
        + " again is safe: entries are keyed tenant/id, so a re-import replaces them)";
  }

  @Override
  public void close() {
    // After a failed publish, records still unacknowledged were reported as such: closing without
    // waiting keeps --timeout the bound it is, not the producer's delivery.timeout.ms (2 min).
    if (gaveUp) {
      producer.close(Duration.ZERO);
    } else {
      producer.close();
    }
  }
}
