package io.ticketflow;

import static io.ticketflow.testing.Inquiries.faq;
import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.testing.ClusterIO;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On the real broker, exactly-once: a reply larger than the producer's max.request.size and an
 * undecodable FAQ record both end up on the dead-letter topic, and the processor keeps answering.
 */
@ExtendWith(EmbeddedStackExtension.class)
class UnproducibleOutputAndBadFaqIT {
  private static final int MAX_REQUEST_SIZE = 64 * 1024;

  @Test
  void oversizedReplyAndBadFaqRecordAreDeadLetteredUnderExactlyOnce(EmbeddedStack stack) throws Exception {
    ProcessorITSupport it = new ProcessorITSupport(stack,
        Map.of("kafka.producer.max.request.size", String.valueOf(MAX_REQUEST_SIZE)));
    Topics topics = it.topics;
    try (ClusterIO io = new ClusterIO(stack.bootstrapServers(), 1 << 20)) {
      it.createTopics(io.admin());
      io.publish(topics, faq("manual", "where is the manual", "m".repeat(MAX_REQUEST_SIZE * 2)));
      io.publish(topics, faq("hours", "when are you open", "9 to 5."));
      io.send(topics.faq().name(), "acme/broken", new byte[] {0, 0, 0, 0x7f, 0x7f});
      io.flush();
      try (TicketflowProcessor processor = TicketflowProcessor.run(it.config, it.stages)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
        io.send(topics, inquiry("q-manual", "c1", "Where is the manual?"));
        io.send(topics, inquiry("q-hours", "c1", "When are you open?"));
        io.flush();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> io.lag(it.id, topics.inquiries().name()) == 0
                && io.readAll(topics.dlq().name(), topics.dlq().valueSerde().deserializer()).size() >= 2);
        assertThat(processor.isRunning()).isTrue();

        List<ConsumerRecord<String, DeadLetter>> dlq =
            io.readAll(topics.dlq().name(), topics.dlq().valueSerde().deserializer());
        assertThat(dlq).extracting(r -> r.value().getReasonCode(), r -> r.value().getSourceTopic())
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(DeadLetterReason.PRODUCTION_FAILED, topics.inquiries().name()),
                org.assertj.core.groups.Tuple.tuple(DeadLetterReason.DESERIALIZATION_FAILED, topics.faq().name()));
        List<ConsumerRecord<String, Reply>> replies =
            io.readAll(topics.replies().name(), topics.replies().valueSerde().deserializer());
        assertThat(replies).extracting(r -> r.value().getInquiryId()).containsExactly("q-hours");
      }
    }
  }
}
