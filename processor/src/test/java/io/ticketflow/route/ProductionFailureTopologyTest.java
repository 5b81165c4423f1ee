package io.ticketflow.route;

import static io.ticketflow.testing.Inquiries.faq;
import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Route;
import io.ticketflow.testing.TopologyFixture;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Outputs that cannot be produced dead-letter their input instead of stopping the application. */
class ProductionFailureTopologyTest {
  private static final int MAX_REQUEST_SIZE = 64 * 1024;
  private final TopologyFixture f = new TopologyFixture(Map.of("kafka.max.request.size", String.valueOf(MAX_REQUEST_SIZE)),
      new ExactFaqMatcher(), UnaryOperator.identity());

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void replyLargerThanTheProducerAcceptsIsDeadLetteredAndProcessingGoesOn() {
    f.publish(faq("manual", "where is the manual", "x".repeat(MAX_REQUEST_SIZE + 10)));
    f.publish(faq("hours", "when are you open", "9 to 5."));
    byte[] source = f.bytes(inquiry("q1", "c1", "Where is the manual?"));
    f.rawInquiries.pipeInput("c1", source);
    f.send(inquiry("q2", "c1", "When are you open?"));

    KeyValue<String, DeadLetter> dl = f.dlq.readKeyValue();
    assertThat(dl.value.getReasonCode()).isEqualTo(DeadLetterReason.PRODUCTION_FAILED);
    assertThat(dl.value.getMessage()).contains("RecordTooLargeException").contains(f.topics.replies().name());
    assertThat(dl.value.getSourceTopic()).isEqualTo(f.topics.inquiries().name());
    assertThat(dl.value.getValue().array()).isEqualTo(source);
    assertThat(dl.key).isEqualTo(dl.value.getDeadLetterId());
    assertThat(f.counter("ticketflow.dead.letters", "reason", "PRODUCTION_FAILED")).isEqualTo(1.0);

    assertThat(f.replies.readValuesToList()).extracting(r -> r.getInquiryId()).containsExactly("q2");
    assertThat(f.audit.readValuesToList()).extracting(AuditRecord::getInquiryId, AuditRecord::getRoute)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("q1", Route.FAQ),
            org.assertj.core.groups.Tuple.tuple("q2", Route.FAQ));
    assertThat(f.dlq.isEmpty()).isTrue();
  }
}
