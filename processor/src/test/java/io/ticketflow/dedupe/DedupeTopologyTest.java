package io.ticketflow.dedupe;

import static io.ticketflow.testing.Inquiries.faq;
import static io.ticketflow.testing.Inquiries.feedback;
import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.Route;
import io.ticketflow.testing.TopologyFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DedupeTopologyTest {
  private final TopologyFixture f = new TopologyFixture(Map.of(TicketflowConfig.DEDUPE_RETENTION, "1h"),
      new ExactFaqMatcher(), UnaryOperator.identity());

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void redeliveredInquiryProducesNoSecondReply() {
    f.publish(faq("hours", "When are you open?", "9 to 5."));
    f.send(inquiry("q1", "c1", "when are you open"));
    f.send(inquiry("q1", "c1", "when are you open"));
    assertThat(f.replies.readValuesToList()).hasSize(1);
    assertThat(f.escalations.isEmpty()).isTrue();
    List<KeyValue<String, AuditRecord>> audits = f.audit.readKeyValuesToList();
    assertThat(audits).extracting(kv -> kv.value.getRoute()).containsExactly(Route.FAQ, Route.DUPLICATE);
    assertThat(audits.get(0).key).isEqualTo("q1");
    assertThat(audits.get(1).key).as("a duplicate never overwrites the decision row").isNotEqualTo("q1");
    assertThat(audits.get(1).value.getInquiryId()).isEqualTo("q1");
  }

  @Test
  void sameInquiryIdAfterTheRetentionIsProcessedAgain() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    f.inquiries.pipeInput("c1", inquiry("q1", "c1", "anything"), t0);
    f.inquiries.pipeInput("c1", inquiry("q1", "c1", "anything"), t0.plus(Duration.ofHours(3)));
    assertThat(f.escalations.readValuesToList()).hasSize(2);
  }

  @Test
  void expiredEntriesAreSweptFromTheStore() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    f.inquiries.pipeInput("c1", inquiry("old", "c1", "anything"), t0);
    assertThat(f.driver.<String, String>getKeyValueStore(io.ticketflow.topology.Stores.OUTCOMES).get("old")).isNotNull();
    f.inquiries.pipeInput("c1", inquiry("new", "c1", "anything"), t0.plus(Duration.ofHours(2)));
    assertThat(f.driver.<String, String>getKeyValueStore(io.ticketflow.topology.Stores.OUTCOMES).get("old")).isNull();
    assertThat(f.driver.<String, String>getKeyValueStore(io.ticketflow.topology.Stores.OUTCOMES).get("new")).isNotNull();
  }

  /**
   * One record stamped a month ahead (a helpdesk with a wrong clock) must not carry the retention
   * past every remembered inquiry: time is judged no later than the wall clock.
   */
  @Test
  void aRecordStampedFarAheadDoesNotMakeTheStoreForgetRecentInquiries() {
    Instant now = Instant.now();
    f.publish(faq("hours", "When are you open?", "9 to 5."));
    f.inquiries.pipeInput("c1", inquiry("q1", "c1", "when are you open"), now);
    f.feedback.pipeInput("c9", feedback("f9", "unknown", "c9", true), now.plus(Duration.ofDays(30)));
    f.inquiries.pipeInput("c2", inquiry("q2", "c2", "anything"), now.plus(Duration.ofDays(31)));
    f.inquiries.pipeInput("c1", inquiry("q1", "c1", "when are you open"), now.plus(Duration.ofMinutes(1)));
    assertThat(f.replies.readValuesToList()).as("replies to q1").hasSize(1);
    assertThat(f.audit.readValuesToList()).extracting(AuditRecord::getRoute)
        .containsExactly(Route.FAQ, Route.DEAD_LETTER, Route.ESCALATED, Route.DUPLICATE);
    assertThat(f.driver.<String, String>getKeyValueStore(io.ticketflow.topology.Stores.OUTCOMES).get("q1")).isNotNull();
    f.feedback.pipeInput("c1", feedback("f1", "q1", "c1", true), now.plus(Duration.ofMinutes(2)));
    assertThat(f.counter("ticketflow.feedback", "result", "joined")).isEqualTo(1);

    // The record stamped ahead is remembered at the wall clock's time, so it expires with the rest.
    f.driver.advanceWallClockTime(Duration.ofHours(2));
    f.inquiries.pipeInput("c2", inquiry("q2", "c2", "anything"), now.plus(Duration.ofDays(32)));
    assertThat(f.escalations.readValuesToList()).as("q2 once, then again after the retention").hasSize(2);
  }

  /**
   * An inquiry stamped further back than the retention (a backlog forwarded with the messages' own
   * times, a producer whose clock is behind) is remembered from when it was processed: a sweep
   * between it and its redelivery must not make the redelivery a second escalation, and feedback
   * on it is joined.
   */
  @Test
  void anInquiryStampedFurtherBackThanTheRetentionIsRememberedFromWhenItWasProcessed() {
    Instant now = Instant.now();
    Instant old = now.minus(Duration.ofHours(2));
    f.inquiries.pipeInput("c0", inquiry("q0", "c0", "anything"), now);
    f.inquiries.pipeInput("c1", inquiry("q1", "c1", "anything"), old);
    // Stream time moves past the sweep interval: the outcomes store is swept.
    f.inquiries.pipeInput("c2", inquiry("q2", "c2", "anything"), now.plusSeconds(20));
    f.inquiries.pipeInput("c1", inquiry("q1", "c1", "anything"), old);
    assertThat(f.escalations.readValuesToList()).extracting(e -> e.getInquiryId()).containsExactly("q0", "q1", "q2");
    assertThat(f.audit.readValuesToList()).extracting(AuditRecord::getRoute)
        .containsExactly(Route.ESCALATED, Route.ESCALATED, Route.ESCALATED, Route.DUPLICATE);
    f.feedback.pipeInput("c1", feedback("f1", "q1", "c1", true), now.plusSeconds(30));
    assertThat(f.dlq.isEmpty()).as("feedback on q1 is joined").isTrue();
    assertThat(f.counter("ticketflow.feedback", "result", "joined")).isEqualTo(1);
  }

  @Test
  void differentInquiriesInOneConversationAreNotDuplicates() {
    f.send(inquiry("q1", "c1", "one"));
    f.send(inquiry("q2", "c1", "two"));
    assertThat(f.escalations.readValuesToList()).hasSize(2);
    assertThat(f.counter("ticketflow.inquiries.routed", "route", "DUPLICATE")).isZero();
  }

  /**
   * An answer stage that holds undecided items until told to release them, like an LLM call in
   * flight: a redelivery in the meantime is a duplicate, and the late outcome is still remembered.
   */
  @Test
  void redeliveryWhileTheAnswerIsPendingIsADuplicate() {
    java.util.List<org.apache.kafka.streams.processor.api.Record<String, io.ticketflow.route.WorkItem>> held =
        new java.util.ArrayList<>();
    io.ticketflow.answer.AnswerStage holding = new io.ticketflow.answer.AnswerStage() {
      @Override
      public org.apache.kafka.streams.processor.api.ProcessorSupplier<String, io.ticketflow.route.WorkItem, String,
          io.ticketflow.route.WorkItem> processor() {
        return () -> new org.apache.kafka.streams.processor.api.Processor<>() {
          private org.apache.kafka.streams.processor.api.ProcessorContext<String, io.ticketflow.route.WorkItem> context;

          @Override
          public void init(org.apache.kafka.streams.processor.api.ProcessorContext<String, io.ticketflow.route.WorkItem> c) {
            context = c;
            c.schedule(Duration.ofSeconds(1), org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME, now -> {
              held.forEach(r -> context.forward(r.withValue(r.value().withOutcome(new io.ticketflow.route.Outcome.Escalated(
                  io.ticketflow.schema.EscalationReason.LOW_CONFIDENCE, "late", null, null)))));
              held.clear();
            });
          }

          @Override
          public void process(org.apache.kafka.streams.processor.api.Record<String, io.ticketflow.route.WorkItem> r) {
            if (r.value().decided()) {
              context.forward(r);
            } else {
              held.add(r);
            }
          }
        };
      }

      @Override
      public String name() {
        return "holding";
      }
    };
    try (TopologyFixture g = new TopologyFixture(Map.of(), new ExactFaqMatcher(), s -> s.withAnswer(holding))) {
      g.send(inquiry("q1", "c1", "anything"));
      g.send(inquiry("q1", "c1", "anything"));
      assertThat(g.audit.readValuesToList()).extracting(AuditRecord::getRoute).containsExactly(Route.DUPLICATE);
      g.feedback.pipeInput("c1", feedback("f1", "q1", "c1", true));
      assertThat(g.dlq.readValue().getMessage()).as("feedback ahead of the outcome says so")
          .contains("names inquiry q1, which is not decided yet");
      g.driver.advanceWallClockTime(Duration.ofSeconds(2));
      assertThat(g.escalations.readValuesToList()).hasSize(1);
      assertThat(g.driver.<String, String>getKeyValueStore(io.ticketflow.topology.Stores.OUTCOMES).get("q1"))
          .as("the late outcome replaces the seen mark").contains("ESCALATED");
    }
  }
}
