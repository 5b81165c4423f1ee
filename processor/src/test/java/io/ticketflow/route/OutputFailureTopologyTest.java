package io.ticketflow.route;

import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.answer.SynchronousAnswerStage;
import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.schema.Route;
import io.ticketflow.testing.TopologyFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An output that cannot even be built (a bug: here an escalation without the detail its schema
 * requires) dead-letters its input, and the input still has exactly one audit record and one
 * count by route: the outputs are built together before any goes out.
 */
class OutputFailureTopologyTest {

  @Test
  void anOutputThatCannotBeBuiltLeavesOneAuditRecordAndOneRouteCount() {
    try (TopologyFixture f = new TopologyFixture(Map.of(), new ExactFaqMatcher(), s -> s.withAnswer(
        new SynchronousAnswerStage("broken", item -> item.inquiryId().equals("q1")
            ? item.withOutcome(new Outcome.Escalated(EscalationReason.LOW_CONFIDENCE, null, null, null))
            : item.withOutcome(new Outcome.Escalated(EscalationReason.LOW_CONFIDENCE, "no FAQ entry", null, null)))))) {
      f.send(inquiry("q1", "c1", "where is my parcel"));
      f.send(inquiry("q2", "c2", "where is my parcel"));
      List<AuditRecord> audits = f.audit.readValuesToList();
      assertThat(audits).extracting(AuditRecord::getRoute).containsExactly(Route.DEAD_LETTER, Route.ESCALATED);
      assertThat(audits.get(1).getInquiryId()).isEqualTo("q2");
      assertThat(f.escalations.readValuesToList()).extracting(e -> e.getInquiryId()).containsExactly("q2");
      assertThat(f.dlq.readValuesToList()).extracting(DeadLetter::getReasonCode)
          .containsExactly(DeadLetterReason.PROCESSING_FAILED);
      assertThat(f.counter("ticketflow.inquiries.routed", "route", "ESCALATED")).isEqualTo(1);
      assertThat(f.counter("ticketflow.inquiries.routed", "route", "DEAD_LETTER")).isEqualTo(1);
    }
  }
}
