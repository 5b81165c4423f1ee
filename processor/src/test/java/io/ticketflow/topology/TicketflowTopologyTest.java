package io.ticketflow.topology;

import static io.ticketflow.testing.Inquiries.faq;
import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.match.MatchResult;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.Route;
import io.ticketflow.testing.ScriptedMatcher;
import io.ticketflow.testing.TopologyFixture;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class TicketflowTopologyTest {

  @Test
  void everyNodeIsNamedAfterItsStage() {
    try (TopologyFixture f = new TopologyFixture()) {
      String description = f.topology.describe().toString();
      for (String stage : List.of("inquiries-source", "decode", "validate", "dedupe", "guard", "match", "answer",
          "remember-outcome", "route", "reply", "escalation", "dead-letter", "audit", "feedback-join", "faq-source")) {
        assertThat(description).contains(" " + stage + " ");
      }
      assertThat(description).doesNotContain("KSTREAM-");
    }
  }

  @Test
  void mixedTrafficGivesOneAuditPerRecordAndOneAnswerPerValidInquiry() {
    try (TopologyFixture f = new TopologyFixture()) {
      f.publish(faq("hours", "when are you open", "9 to 5."));
      f.send(inquiry("q1", "c1", "When are you open?"));
      f.send(inquiry("q2", "c2", "Where is my parcel?"));
      f.send(inquiry("q1", "c1", "When are you open?"));
      f.rawInquiries.pipeInput("c3", new byte[] {42});
      f.send(inquiry("q4", "c4", "talk to a human please"));
      f.send(inquiry("q5", "c5", " "));
      List<KeyValue<String, AuditRecord>> audits = f.audit.readKeyValuesToList();
      assertThat(audits).extracting(kv -> kv.value.getRoute()).containsExactly(
          Route.FAQ, Route.ESCALATED, Route.DUPLICATE, Route.DEAD_LETTER, Route.ESCALATED, Route.REJECTED);
      assertThat(audits).extracting(kv -> kv.key).doesNotHaveDuplicates();
      assertThat(f.replies.readValuesToList()).hasSize(1);
      assertThat(f.escalations.readValuesToList()).hasSize(2);
      assertThat(f.dlq.readValuesToList()).extracting(DeadLetter::getReasonCode)
          .containsExactly(DeadLetterReason.DESERIALIZATION_FAILED, DeadLetterReason.MISSING_FIELD);
      assertThat(f.counter("ticketflow.inquiries.routed", "route", "FAQ")).isEqualTo(1.0);
      assertThat(f.meters.find("ticketflow.stage.latency").tag("stage", "match").timer().count())
          .as("q1 and q2 reach match; the hand-off is decided by guard").isEqualTo(2);
    }
  }

  @Test
  void exceptionInAStageIsDeadLetteredByTheProcessingHandler() {
    try (TopologyFixture f = new TopologyFixture(Map.of(), new ScriptedMatcher().failWhen("boom"), UnaryOperator.identity())) {
      f.send(inquiry("q1", "c1", "boom"));
      f.send(inquiry("q2", "c2", "fine"));
      KeyValue<String, DeadLetter> dl = f.dlq.readKeyValue();
      assertThat(dl.value.getReasonCode()).isEqualTo(DeadLetterReason.PROCESSING_FAILED);
      assertThat(dl.value.getMessage()).contains("matcher bug").contains("match");
      assertThat(dl.value.getValue()).isNotNull();
      List<KeyValue<String, AuditRecord>> audits = f.audit.readKeyValuesToList();
      assertThat(audits).extracting(kv -> kv.value.getRoute()).containsExactly(Route.DEAD_LETTER, Route.ESCALATED);
      assertThat(audits.get(0).key).isEqualTo(dl.key);
      assertThat(f.escalations.readValuesToList()).hasSize(1);
    }
  }
}
