package io.ticketflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.schema.Channel;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.serde.AvroDeserializer;
import io.ticketflow.schema.serde.AvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 10,000 inquiries through the real broker and registry with the serde, written in transactions
 * (one of them aborted), read back by a read_committed consumer exactly once each.
 */
@ExtendWith(EmbeddedStackExtension.class)
class TransactionalRoundTripIT {
  private static final int COUNT = 10_000;

  @Test
  void committedInquiriesAreReadBackExactlyOnceAndAbortedOnesNever(EmbeddedStack stack) {
    String topic = "roundtrip-" + UUID.randomUUID();
    stack.kafka().createTopic(topic, 3);

    Map<String, Object> producerConfig = new HashMap<>(stack.serdeConfig());
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "roundtrip-" + UUID.randomUUID());
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), serializer(stack))) {
      producer.initTransactions();
      for (int batch = 0; batch < COUNT / 1_000; batch++) {
        producer.beginTransaction();
        for (int i = batch * 1_000; i < (batch + 1) * 1_000; i++) {
          Inquiry inquiry = inquiry(i);
          producer.send(new ProducerRecord<>(topic, inquiry.getConversationId(), inquiry));
        }
        producer.commitTransaction();
      }
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "aborted", inquiry(COUNT + 1)));
      producer.flush();
      producer.abortTransaction();
    }

    Map<String, Object> consumerConfig = new HashMap<>(stack.serdeConfig());
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-" + UUID.randomUUID());
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Inquiry> seen = new HashMap<>();
    int[] received = {0};
    try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
        new AvroDeserializer<>(stack.registryClient(), stack.serdeConfig(), Inquiry.class))) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (ConsumerRecord<String, Inquiry> record : consumer.poll(Duration.ofMillis(200))) {
          received[0]++;
          seen.put(record.value().getInquiryId(), record.value());
        }
        return received[0] >= COUNT;
      });
      // Anything after the committed ones would show up now: the aborted record must not.
      consumer.poll(Duration.ofSeconds(1)).forEach(record -> received[0]++);
    }

    assertThat(received[0]).isEqualTo(COUNT);
    assertThat(seen).hasSize(COUNT).doesNotContainKey("inq-" + (COUNT + 1));
    assertThat(seen.get("inq-4242")).isEqualTo(inquiry(4242));
  }

  private static AvroSerializer<Inquiry> serializer(EmbeddedStack stack) {
    return new AvroSerializer<>(stack.registryClient(), stack.serdeConfig(), false);
  }

  private static Inquiry inquiry(int i) {
    return Inquiry.newBuilder()
        .setInquiryId("inq-" + i)
        .setConversationId("conv-" + (i % 97))
        .setTenantId(i % 2 == 0 ? "acme" : "globex")
        .setChannel(Channel.values()[i % Channel.values().length])
        .setCustomerId(i % 3 == 0 ? null : "cust-" + i)
        .setLanguage(i % 2 == 0 ? "zh" : "en")
        .setText(i % 2 == 0 ? "我的订单 " + i + " 什么时候发货？" : "Where is my order " + i + "?")
        .setReceivedAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
        .setMetadata(Map.of("seq", String.valueOf(i)))
        .build();
  }
}
