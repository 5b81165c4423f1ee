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
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.Route;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.testing.ClusterIO;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The processor as in production (KafkaStreams, exactly-once v2) on the in-JVM broker and
 * registry: 5,000 mixed inquiries, checked per inquiryId with read_committed consumers.
 */
@ExtendWith(EmbeddedStackExtension.class)
class TicketflowProcessorIT {
  private static final int TOTAL = 5_000;
  private static final int FAQS = 20;

  /** What each input record is, and so what must come out. */
  enum Kind { FAQ_HIT, MISS, HUMAN, DUPLICATE, MALFORMED, INVALID }

  @Test
  void mixedTrafficYieldsOneAuditPerRecordAndOneAnswerPerValidInquiry(EmbeddedStack stack) {
    ProcessorITSupport it = new ProcessorITSupport(stack, Map.of());
    Topics topics = it.topics;
    Random random = new Random(42);
    try (ClusterIO io = new ClusterIO(stack.bootstrapServers(), 1 << 20)) {
      it.createTopics(io.admin());
      for (int f = 0; f < FAQS; f++) {
        FaqEntry e = faq("faq-" + f, "question number " + f, "answer " + f);
        io.send(topics.faq().name(), Topics.faqKey(e.getTenantId(), e.getId()),
            topics.faq().valueSerde().serializer().serialize(topics.faq().name(), e));
      }
      io.flush();
      try (TicketflowProcessor processor = TicketflowProcessor.run(it.config, it.stages)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
        Map<String, Kind> kindById = new HashMap<>();
        List<Inquiry> valid = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < TOTAL; i++) {
          String id = "q" + i;
          String conv = "c" + (i % 700);
          int slot = i % 20;
          if (slot == 0) {
            byte[] junk = new byte[1 + random.nextInt(40)];
            random.nextBytes(junk);
            junk[0] = (byte) (1 + random.nextInt(200));
            io.send(topics.inquiries().name(), conv, junk);
            continue;
          }
          Inquiry in;
          Kind kind;
          if (slot == 1) {
            in = inquiry(id, conv, "missing tenant");
            in.setTenantId("");
            kind = Kind.INVALID;
          } else if (slot <= 3) {
            in = inquiry(id, conv, i % 2 == 0 ? "转人工" : "I want to talk to a human");
            kind = Kind.HUMAN;
          } else if (slot <= 11) {
            in = inquiry(id, conv, "Question number " + random.nextInt(FAQS) + "?");
            kind = Kind.FAQ_HIT;
          } else if (slot <= 17 || valid.isEmpty()) {
            in = inquiry(id, conv, "something the FAQ does not know " + i);
            kind = Kind.MISS;
          } else {
            in = valid.get(valid.size() - 1 - random.nextInt(Math.min(50, valid.size())));
            kind = Kind.DUPLICATE;
            duplicates++;
          }
          if (kind != Kind.DUPLICATE) {
            kindById.put(id, kind);
          }
          if (kind == Kind.FAQ_HIT || kind == Kind.MISS) {
            valid.add(in);
          }
          io.send(topics.inquiries().name(), in.getConversationId(),
              topics.inquiries().valueSerde().serializer().serialize(topics.inquiries().name(), in));
        }
        io.flush();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
            .until(() -> io.lag(it.id, topics.inquiries().name()) == 0);
        assertThat(processor.isRunning()).isTrue();

        List<ConsumerRecord<String, AuditRecord>> audits =
            io.readAll(topics.audit().name(), topics.audit().valueSerde().deserializer());
        List<ConsumerRecord<String, Reply>> replies =
            io.readAll(topics.replies().name(), topics.replies().valueSerde().deserializer());
        List<ConsumerRecord<String, Escalation>> escalations =
            io.readAll(topics.escalations().name(), topics.escalations().valueSerde().deserializer());
        List<ConsumerRecord<String, DeadLetter>> dlq =
            io.readAll(topics.dlq().name(), topics.dlq().valueSerde().deserializer());

        assertThat(audits).as("one audit record per input record").hasSize(TOTAL);
        assertThat(audits).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
        Map<Route, Long> routes = audits.stream().collect(Collectors.groupingBy(r -> r.value().getRoute(),
            Collectors.counting()));
        assertThat(routes.get(Route.DUPLICATE)).isEqualTo(duplicates);
        assertThat(routes.get(Route.DEAD_LETTER)).isEqualTo(TOTAL / 20);
        assertThat(routes.get(Route.REJECTED)).isEqualTo(TOTAL / 20);

        Map<String, Long> decisionsById = audits.stream()
            .filter(r -> r.value().getRoute() == Route.FAQ || r.value().getRoute() == Route.ESCALATED)
            .collect(Collectors.groupingBy(r -> r.value().getInquiryId(), Collectors.counting()));
        Map<String, Reply> replyById = replies.stream().map(ConsumerRecord::value)
            .collect(Collectors.toMap(Reply::getInquiryId, Function.identity()));
        Map<String, Escalation> escalationById = escalations.stream().map(ConsumerRecord::value)
            .collect(Collectors.toMap(Escalation::getInquiryId, Function.identity()));
        assertThat(replies).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getConversationId()));
        for (Map.Entry<String, Kind> e : kindById.entrySet()) {
          String id = e.getKey();
          switch (e.getValue()) {
            case FAQ_HIT -> {
              assertThat(decisionsById.get(id)).as(id).isEqualTo(1);
              assertThat(replyById).containsKey(id);
              assertThat(escalationById).doesNotContainKey(id);
            }
            case MISS, HUMAN -> {
              assertThat(decisionsById.get(id)).as(id).isEqualTo(1);
              assertThat(escalationById.get(id).getReason()).isEqualTo(
                  e.getValue() == Kind.MISS ? EscalationReason.LOW_CONFIDENCE : EscalationReason.HUMAN_REQUESTED);
              assertThat(replyById).doesNotContainKey(id);
            }
            case INVALID -> {
              assertThat(decisionsById).doesNotContainKey(id);
              assertThat(replyById).doesNotContainKey(id);
              assertThat(escalationById).doesNotContainKey(id);
            }
            default -> throw new IllegalStateException();
          }
        }
        assertThat(replies.size() + escalations.size()).as("exactly one answer per valid non-duplicate")
            .isEqualTo(kindById.values().stream().filter(k -> k != Kind.INVALID).count());
        assertThat(dlq).hasSize(TOTAL / 10);
        Map<DeadLetterReason, Long> reasons = dlq.stream().collect(Collectors.groupingBy(
            r -> r.value().getReasonCode(), Collectors.counting()));
        assertThat(reasons).containsEntry(DeadLetterReason.DESERIALIZATION_FAILED, (long) TOTAL / 20)
            .containsEntry(DeadLetterReason.MISSING_FIELD, (long) TOTAL / 20);
        Map<String, AuditRecord> auditByKey = audits.stream()
            .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
        assertThat(dlq).allSatisfy(d -> {
          assertThat(d.key()).isEqualTo(d.value().getDeadLetterId());
          assertThat(auditByKey.get(d.key()).getReason()).isEqualTo(d.value().getReasonCode().name());
        });
      }
    }
  }
}
