package io.ticketflow.ops;

import io.ticketflow.schema.Channel;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes inquiries as a helpdesk would (the console's ask box, {@code ticketflow ask}):
 * idempotent producer, keyed by conversation so a conversation stays in order.
 */
public final class InquiryPublisher implements AutoCloseable {
  private final KafkaProducer<String, Inquiry> producer;
  private final Topic<String, Inquiry> topic;
  private final Duration ackTimeout;

  public InquiryPublisher(String bootstrapServers, Map<String, Object> clientOverrides, Topic<String, Inquiry> topic) {
    this(bootstrapServers, clientOverrides, topic, Duration.ofSeconds(20));
  }

  /** @param ackTimeout how long {@link #publish} waits for the broker's acknowledgement */
  public InquiryPublisher(String bootstrapServers, Map<String, Object> clientOverrides, Topic<String, Inquiry> topic,
                          Duration ackTimeout) {
    this.producer = ReliableProducers.forTopic(bootstrapServers, clientOverrides, topic);
    this.topic = topic;
    this.ackTimeout = ackTimeout;
  }

  /** A new inquiry with fresh ids where none are given. */
  public static Inquiry inquiry(String tenantId, String conversationId, String customerId, Channel channel, String text) {
    return Inquiry.newBuilder()
        .setInquiryId(UUID.randomUUID().toString())
        .setConversationId(conversationId == null || conversationId.isBlank() ? UUID.randomUUID().toString() : conversationId)
        .setTenantId(tenantId)
        .setChannel(channel)
        .setCustomerId(customerId)
        .setText(text)
        .setReceivedAt(Instant.now())
        .setMetadata(Map.of())
        .build();
  }

  /** Publishes and waits for the broker's acknowledgement. */
  public void publish(Inquiry inquiry) {
    publish(inquiry, ackTimeout);
  }

  /** Publishes and waits at most {@code ackTimeout} for the broker's acknowledgement. */
  public void publish(Inquiry inquiry, Duration ackTimeout) {
    try {
      producer.send(new ProducerRecord<>(topic.name(), inquiry.getConversationId(), inquiry)).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot publish the inquiry to " + topic.name() + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the broker did not acknowledge the inquiry within " + ackTimeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
