package io.ticketflow.feedback;

import static io.ticketflow.testing.Inquiries.faq;
import static io.ticketflow.testing.Inquiries.feedback;
import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.FaqStats;
import io.ticketflow.schema.FaqStatsKind;
import io.ticketflow.schema.Route;
import io.ticketflow.testing.TopologyFixture;
import io.ticketflow.topology.Stores;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeedbackTopologyTest {
  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void feedbackOnFaqReplyCountsHelpfulness() {
    f.publish(faq("hours", "when are you open", "9 to 5."));
    f.send(inquiry("q1", "c1", "when are you open"));
    f.send(inquiry("q2", "c2", "when are you open"));
    f.feedback.pipeInput("c1", feedback("f1", "q1", "c1", true));
    f.feedback.pipeInput("c2", feedback("f2", "q2", "c2", false));
    Map<String, FaqStats> stats = f.faqStats.readKeyValuesToMap();
    FaqStats hours = stats.get("faq/acme/hours");
    assertThat(hours.getKind()).isEqualTo(FaqStatsKind.FAQ_HELPFULNESS);
    assertThat(hours.getHelpful()).isEqualTo(1);
    assertThat(hours.getUnhelpful()).isEqualTo(1);
    KeyValueStore<String, ValueAndTimestamp<FaqStats>> table = f.driver.getTimestampedKeyValueStore(Stores.FAQ_HELPFULNESS);
    assertThat(table.get("faq/acme/hours").value().getHelpful()).isEqualTo(1);
    assertThat(f.dlq.isEmpty()).isTrue();
  }

  @Test
  void feedbackForUnknownInquiryIsDeadLettered() {
    f.feedback.pipeInput("c1", feedback("f1", "nope", "c1", true));
    KeyValue<String, DeadLetter> dl = f.dlq.readKeyValue();
    assertThat(dl.value.getReasonCode()).isEqualTo(DeadLetterReason.UNKNOWN_INQUIRY);
    assertThat(dl.value.getSourceTopic()).isEqualTo(f.topics.feedback().name());
    KeyValue<String, AuditRecord> audit = f.audit.readKeyValue();
    assertThat(audit.key).isEqualTo(dl.key);
    assertThat(audit.value.getRoute()).isEqualTo(Route.DEAD_LETTER);
    assertThat(audit.value.getReason()).isEqualTo("UNKNOWN_INQUIRY");
  }

  @Test
  void undecodableFeedbackIsDeadLettered() {
    f.rawFeedback.pipeInput("c1", new byte[] {0, 0, 0});
    assertThat(f.dlq.readValue().getReasonCode()).isEqualTo(DeadLetterReason.DESERIALIZATION_FAILED);
    assertThat(f.audit.readValue().getRoute()).isEqualTo(Route.DEAD_LETTER);
  }

  @Test
  void escalatedQuestionsAreCountedAsFaqCandidates() {
    f.send(inquiry("q1", "c1", "Where is my parcel?"));
    f.send(inquiry("q2", "c2", "where is my parcel"));
    f.send(inquiry("q3", "c3", "转人工"));
    Map<String, FaqStats> stats = f.faqStats.readKeyValuesToMap();
    FaqStats parcel = stats.get("question/acme/whereismyparcel");
    assertThat(parcel.getKind()).isEqualTo(FaqStatsKind.UNANSWERED_QUESTION);
    assertThat(parcel.getCount()).isEqualTo(2);
    assertThat(stats).as("a hand-off request is not an FAQ candidate").hasSize(1);
  }

  /**
   * A message of emoji or punctuation only ("???", "🙂") has no wording once normalized: all such
   * messages of a tenant were one FAQ candidate under the key question/acme/, counted together and
   * shown with whichever came last, a "question" that would top the candidates of any chat.
   */
  @Test
  void messagesWithoutWordsAreNoFaqCandidates() {
    f.send(inquiry("q1", "c1", "???"));
    f.send(inquiry("q2", "c2", "🙂🙂"));
    f.send(inquiry("q3", "c3", "where is my parcel"));
    assertThat(f.escalations.readValuesToList()).hasSize(3);
    assertThat(f.faqStats.readKeyValuesToMap()).containsOnlyKeys("question/acme/whereismyparcel");
  }

  /** A helpdesk that sends a feedback record again (a retry, a replay) does not count it twice. */
  @Test
  void redeliveredFeedbackIsCountedOnce() {
    f.publish(faq("hours", "when are you open", "9 to 5."));
    f.send(inquiry("q1", "c1", "when are you open"));
    f.feedback.pipeInput("c1", feedback("f1", "q1", "c1", true));
    f.feedback.pipeInput("c1", feedback("f1", "q1", "c1", true));
    f.feedback.pipeInput("c1", feedback("f2", "q1", "c1", false));
    Map<String, FaqStats> stats = f.faqStats.readKeyValuesToMap();
    assertThat(stats.get("faq/acme/hours").getHelpful()).isEqualTo(1);
    assertThat(stats.get("faq/acme/hours").getUnhelpful()).isEqualTo(1);
    assertThat(f.counter("ticketflow.feedback", "result", "repeated")).isEqualTo(1);
    assertThat(f.counter("ticketflow.feedback", "result", "joined")).isEqualTo(2);
    assertThat(f.dlq.isEmpty()).as("a repeat is not bad input").isTrue();
  }

  @Test
  void feedbackNamingAnotherTenantsInquiryIsDeadLettered() {
    f.publish(faq("hours", "when are you open", "9 to 5."));
    f.send(inquiry("q1", "c1", "when are you open"));
    io.ticketflow.schema.Feedback other = feedback("f1", "q1", "c1", true);
    other.setTenantId("globex");
    f.feedback.pipeInput("c1", other);
    DeadLetter dl = f.dlq.readValue();
    assertThat(dl.getReasonCode()).isEqualTo(DeadLetterReason.UNKNOWN_INQUIRY);
    assertThat(dl.getMessage()).contains("another tenant");
    assertThat(f.faqStats.readKeyValuesToMap()).doesNotContainKey("faq/acme/hours");
  }

  @Test
  void invalidFeedbackIsDeadLetteredWithItsReason() {
    f.publish(faq("hours", "when are you open", "9 to 5."));
    f.send(inquiry("q1", "c1", "when are you open"));
    io.ticketflow.schema.Feedback rating = feedback("f1", "q1", "c1", null);
    rating.setRating(999);
    io.ticketflow.schema.Feedback blank = feedback(" ", "q1", "c1", true);
    io.ticketflow.schema.Feedback tab = feedback("f\t3", "q1", "c1", true);
    for (io.ticketflow.schema.Feedback fb : java.util.List.of(rating, blank, tab)) {
      f.feedback.pipeInput("c1", fb);
    }
    assertThat(f.dlq.readValuesToList()).extracting(DeadLetter::getReasonCode).containsExactly(
        DeadLetterReason.OTHER, DeadLetterReason.MISSING_FIELD, DeadLetterReason.INVALID_TEXT);
    assertThat(f.counter("ticketflow.feedback", "result", "invalid")).isEqualTo(3);
    assertThat(f.faqStats.readKeyValuesToMap()).doesNotContainKey("faq/acme/hours");
  }

  /** A question not asked for feedback.question-retention leaves the counts, with a tombstone. */
  @Test
  void aQuestionNotAskedForTheRetentionIsForgotten() {
    try (TopologyFixture g = new TopologyFixture(Map.of(io.ticketflow.config.TicketflowConfig.FEEDBACK_QUESTION_RETENTION,
        "1h"), new io.ticketflow.match.ExactFaqMatcher(), java.util.function.UnaryOperator.identity())) {
      g.send(inquiry("q1", "c1", "Where is my parcel?"));
      g.send(inquiry("q2", "c2", "Can I pay by cheque?"));
      g.driver.advanceWallClockTime(java.time.Duration.ofMinutes(40));
      g.send(inquiry("q3", "c3", "where is my parcel"));
      g.driver.advanceWallClockTime(java.time.Duration.ofMinutes(30));
      java.util.List<KeyValue<String, FaqStats>> changes = g.faqStats.readKeyValuesToList();
      assertThat(changes).extracting(kv -> kv.key, kv -> kv.value == null ? null : kv.value.getCount()).containsExactly(
          org.assertj.core.groups.Tuple.tuple("question/acme/whereismyparcel", 1L),
          org.assertj.core.groups.Tuple.tuple("question/acme/canipaybycheque", 1L),
          org.assertj.core.groups.Tuple.tuple("question/acme/whereismyparcel", 2L),
          org.assertj.core.groups.Tuple.tuple("question/acme/canipaybycheque", null));
      KeyValueStore<String, ValueAndTimestamp<FaqStats>> table =
          g.driver.getTimestampedKeyValueStore(Stores.UNANSWERED_QUESTIONS);
      assertThat(table.get("question/acme/canipaybycheque")).isNull();
      assertThat(table.get("question/acme/whereismyparcel").value().getCount()).isEqualTo(2);
    }
  }
}
