package io.ticketflow;

import static io.ticketflow.testing.Inquiries.faq;
import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.testing.ClusterIO;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 1,000 bad records (random bytes, unknown schema ids, truncated Avro, 1 MB texts, invalid UTF-8)
 * interleaved with good ones: every bad one is dead-lettered with its reason, the processor stays
 * up, and every good one is answered.
 */
@ExtendWith(EmbeddedStackExtension.class)
class BadInputFloodIT {
  /** Above the 1 MB default, so that a 1 MB text and its dead letter (which carries it) fit. */
  private static final int BIG = 3 << 20;

  @Test
  void floodOfBadInputIsDeadLetteredAndGoodInputStillAnswered(EmbeddedStack stack) throws Exception {
    ProcessorITSupport it = new ProcessorITSupport(stack, Map.of("kafka.producer.max.request.size", String.valueOf(BIG),
        "dlq.max-value-bytes", String.valueOf(2 << 20)));
    Topics topics = it.topics;
    Random random = new Random(7);
    try (ClusterIO io = new ClusterIO(stack.bootstrapServers(), BIG)) {
      // Operators raise max.message.bytes on the inquiry and dead-letter topics if they accept
      // records this large; the processor creates only the topics that are missing.
      Map<String, String> big = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(BIG));
      io.admin().createTopics(List.of(new NewTopic(topics.inquiries().name(), 4, (short) 1).configs(big),
          new NewTopic(topics.dlq().name(), 4, (short) 1).configs(big))).all().get();
      it.createTopics(io.admin());
      FaqEntry hours = faq("hours", "when are you open", "9 to 5.");
      io.send(topics.faq().name(), Topics.faqKey(hours.getTenantId(), hours.getId()),
          topics.faq().valueSerde().serializer().serialize(topics.faq().name(), hours));
      io.flush();
      try (TicketflowProcessor processor = TicketflowProcessor.run(it.config, it.stages)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
        byte[] template = serialize(topics, inquiry("t", "c", "abcQQQdef"));
        int bad = 0;
        int good = 0;
        for (int i = 0; i < 1_200; i++) {
          String conv = "c" + (i % 97);
          if (i % 6 == 5) {
            io.send(topics, inquiry("good-" + i, conv, "When are you open?"));
            good++;
            continue;
          }
          byte[] value;
          switch (bad % 5) {
            case 0 -> {
              value = new byte[1 + random.nextInt(64)];
              random.nextBytes(value);
              value[0] = (byte) (1 + random.nextInt(200));
            }
            case 1 -> {
              value = template.clone();
              value[1] = 0x7f;
              value[2] = (byte) random.nextInt(256);
            }
            case 2 -> value = Arrays.copyOf(template, 5 + random.nextInt(template.length - 6));
            case 3 -> value = bad % 50 == 3
                ? serialize(topics, inquiry("big-" + i, conv, "x".repeat(1_000_000)))
                : serialize(topics, inquiry("long-" + i, conv, "y".repeat(4_001)));
            default -> {
              value = serialize(topics, inquiry("utf-" + i, conv, "abcQQQdef"));
              int at = new String(value, StandardCharsets.ISO_8859_1).indexOf("QQQ");
              value[at] = (byte) 0xc3;
              value[at + 1] = (byte) 0x28;
            }
          }
          io.send(topics.inquiries().name(), conv, value);
          bad++;
        }
        io.flush();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
            .until(() -> io.lag(it.id, topics.inquiries().name()) == 0);
        assertThat(processor.isRunning()).as("bad input never stops the processor").isTrue();

        List<ConsumerRecord<String, DeadLetter>> dlq =
            io.readAll(topics.dlq().name(), topics.dlq().valueSerde().deserializer());
        List<ConsumerRecord<String, Reply>> replies =
            io.readAll(topics.replies().name(), topics.replies().valueSerde().deserializer());
        List<ConsumerRecord<String, AuditRecord>> audits =
            io.readAll(topics.audit().name(), topics.audit().valueSerde().deserializer());
        assertThat(bad).isEqualTo(1_000);
        assertThat(dlq).hasSize(bad);
        Map<DeadLetterReason, Long> reasons = dlq.stream().collect(Collectors.groupingBy(
            r -> r.value().getReasonCode(), Collectors.counting()));
        assertThat(reasons).containsOnlyKeys(DeadLetterReason.DESERIALIZATION_FAILED,
            DeadLetterReason.TEXT_TOO_LONG, DeadLetterReason.INVALID_TEXT);
        assertThat(reasons.get(DeadLetterReason.DESERIALIZATION_FAILED)).isEqualTo(600);
        assertThat(reasons.get(DeadLetterReason.TEXT_TOO_LONG)).isEqualTo(200);
        assertThat(reasons.get(DeadLetterReason.INVALID_TEXT)).isEqualTo(200);
        assertThat(dlq).filteredOn(d -> d.value().getValue() != null && d.value().getValue().remaining() > 1_000_000)
            .as("1 MB texts are dead-lettered with their original bytes").hasSize(20);
        assertThat(replies).hasSize(good);
        assertThat(audits).hasSize(bad + good);
      }
    }
  }

  private static byte[] serialize(Topics topics, Inquiry in) {
    return topics.inquiries().valueSerde().serializer().serialize(topics.inquiries().name(), in);
  }
}
