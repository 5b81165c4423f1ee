package io.ticketflow.cli.demo;

import io.ticketflow.ops.FeedEvent;
import io.ticketflow.ops.InquiryPublisher;
import io.ticketflow.schema.Channel;
import io.ticketflow.schema.Feedback;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.topic.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the demo's samples as a helpdesk would: Avro inquiries through the registry, the
 * duplicate as a byte-identical redelivery of the first inquiry, the malformed sample as raw bytes,
 * and customers' ratings of replies as {@code Feedback}.
 */
final class SampleSender implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final Topic<String, Inquiry> topic;
  private final Topic<String, Feedback> feedback;
  private byte[] firstInquiry;
  private Inquiry first;

  SampleSender(String bootstrapServers, Topic<String, Inquiry> topic, Topic<String, Feedback> feedback) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.feedback = feedback;
  }

  /** A customer's rating of {@code reply} (a REPLY event); returns the feedback's id. */
  String rate(FeedEvent reply, boolean helpful, int rating, String comment) {
    Feedback f = Feedback.newBuilder()
        .setFeedbackId("demo-feedback-" + UUID.randomUUID())
        .setInquiryId(reply.inquiryId())
        .setConversationId(reply.string("conversationId"))
        .setTenantId(reply.string("tenantId"))
        .setHelpful(helpful)
        .setRating(rating)
        .setComment(comment)
        .setCreatedAt(Instant.now())
        .build();
    send(feedback.name(), f.getConversationId(), feedback.valueSerde().serializer().serialize(feedback.name(), f));
    return f.getFeedbackId();
  }

  Probe send(int number, SampleInquiry sample) {
    long now = System.nanoTime();
    switch (sample.kind()) {
      case MALFORMED -> {
        RecordMetadata m = send(sample.tenant() + "-malformed", sample.text().getBytes(StandardCharsets.UTF_8));
        return new Probe(number, sample, null, originId(m), now);
      }
      case DUPLICATE -> {
        if (first == null) {
          throw new IllegalStateException("the duplicate sample must come after an inquiry");
        }
        RecordMetadata m = send(first.getConversationId(), firstInquiry);
        return new Probe(number, sample, first.getInquiryId(), originId(m), now);
      }
      default -> {
        Inquiry inquiry = InquiryPublisher.inquiry(sample.tenant(), null, "demo-customer-" + number, Channel.WEB_CHAT,
            sample.text());
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), inquiry);
        if (first == null) {
          first = inquiry;
          firstInquiry = bytes;
        }
        RecordMetadata m = send(inquiry.getConversationId(), bytes);
        return new Probe(number, sample, inquiry.getInquiryId(), originId(m), now);
      }
    }
  }

  private RecordMetadata send(String key, byte[] value) {
    return send(topic.name(), key, value);
  }

  private RecordMetadata send(String topicName, String key, byte[] value) {
    try {
      return producer.send(new ProducerRecord<>(topicName, key.getBytes(StandardCharsets.UTF_8), value))
          .get(20, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot send a sample to " + topicName + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** As the processor names a record's origin ({@code topic-partition-offset}). */
  private static String originId(RecordMetadata m) {
    return m.topic() + "-" + m.partition() + "-" + m.offset();
  }

  @Override
  public void close() {
    producer.close();
  }
}
