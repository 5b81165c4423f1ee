package io.ticketflow.faq;

import static io.ticketflow.testing.Inquiries.TENANT;
import static io.ticketflow.testing.Inquiries.faq;
import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.Channel;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.ReplySource;
import io.ticketflow.schema.Route;
import io.ticketflow.testing.RefusingMatcher;
import io.ticketflow.testing.TopologyFixture;
import io.ticketflow.topology.Stores;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaqStoreTopologyTest {
  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void faqHitIsRepliedOnTheConversationKeyAndChannel() {
    f.publish(faq("refund-policy", "退款政策是什么", "七天无理由退货。", "how do refunds work"));
    Inquiry in = inquiry("q1", "conv-9", "退款政策是什么？");
    in.setChannel(Channel.IM);
    f.send(in);
    KeyValue<String, Reply> reply = f.replies.readKeyValue();
    assertThat(reply.key).isEqualTo("conv-9");
    assertThat(reply.value.getChannel()).isEqualTo(Channel.IM);
    assertThat(reply.value.getSource()).isEqualTo(ReplySource.FAQ);
    assertThat(reply.value.getFaqId()).isEqualTo("refund-policy");
    assertThat(reply.value.getText()).isEqualTo("七天无理由退货。");
    assertThat(reply.value.getConfidence()).isEqualTo(1.0);
    KeyValue<String, AuditRecord> audit = f.audit.readKeyValue();
    assertThat(audit.key).isEqualTo("q1");
    assertThat(audit.value.getRoute()).isEqualTo(Route.FAQ);
    assertThat(audit.value.getMatcher()).isEqualTo("exact");
    assertThat(audit.value.getCandidatesJson()).contains("refund-policy");
    assertThat(f.escalations.isEmpty()).isTrue();
  }

  @Test
  void alternateWordingMatchesToo() {
    f.publish(faq("refund-policy", "退款政策是什么", "七天无理由退货。", "how do refunds work"));
    f.send(inquiry("q1", "c1", "How do  refunds work?!"));
    assertThat(f.replies.readValue().getFaqId()).isEqualTo("refund-policy");
  }

  @Test
  void missIsEscalatedWithLowConfidence() {
    f.publish(faq("refund-policy", "退款政策是什么", "七天无理由退货。"));
    f.send(inquiry("q1", "c1", "我的快递到哪了"));
    assertThat(f.escalations.readValue().getReason()).isEqualTo(EscalationReason.LOW_CONFIDENCE);
    assertThat(f.replies.isEmpty()).isTrue();
  }

  @Test
  void faqUpdateTakesEffectForTheNextInquiry() {
    f.publish(faq("hours", "when are you open", "9 to 5."));
    f.send(inquiry("q1", "c1", "When are you open?"));
    assertThat(f.replies.readValue().getText()).isEqualTo("9 to 5.");
    f.publish(faq("hours", "when are you open", "8 to 8, every day."));
    f.send(inquiry("q2", "c1", "When are you open?"));
    assertThat(f.replies.readValue().getText()).isEqualTo("8 to 8, every day.");
  }

  @Test
  void faqTombstoneRemovesTheEntry() {
    f.publish(faq("hours", "when are you open", "9 to 5."));
    f.deleteFaq(TENANT, "hours");
    f.send(inquiry("q1", "c1", "When are you open?"));
    assertThat(f.replies.isEmpty()).isTrue();
    assertThat(f.escalations.readValue().getReason()).isEqualTo(EscalationReason.LOW_CONFIDENCE);
    assertThat(f.driver.getKeyValueStore(Stores.FAQ).get(TENANT + "/hours")).isNull();
  }

  @Test
  void entriesArePerTenant() {
    f.publish(faq("hours", "when are you open", "9 to 5."));
    Inquiry other = inquiry("q1", "c1", "when are you open");
    other.setTenantId("globex");
    f.send(other);
    assertThat(f.replies.isEmpty()).isTrue();
  }

  @Test
  void entryTheMatcherRejectsIsCountedAndOthersStillMatch() {
    RefusingMatcher picky = RefusingMatcher.refusing("bad");
    try (TopologyFixture g = new TopologyFixture(java.util.Map.of(), picky, java.util.function.UnaryOperator.identity())) {
      g.publish(faq("bad", "anything", "x"));
      g.publish(faq("hours", "when are you open", "9 to 5."));
      g.send(inquiry("q1", "c1", "when are you open"));
      assertThat(g.replies.readValue().getFaqId()).isEqualTo("hours");
      assertThat(g.counter("ticketflow.faq.updates", "operation", "failed")).isEqualTo(1.0);
    }
  }

  @Test
  void undecodableFaqRecordIsDeadLetteredWithAnAudit() {
    byte[] bad = {9, 9};
    f.driver.createInputTopic(f.topics.faq().name(), new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer()).pipeInput("acme/x", bad);
    assertThat(f.counter("ticketflow.faq.updates", "operation", "invalid")).isEqualTo(1.0);
    f.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
    KeyValue<String, DeadLetter> dl = f.dlq.readKeyValue();
    assertThat(dl.value.getReasonCode()).isEqualTo(DeadLetterReason.DESERIALIZATION_FAILED);
    assertThat(dl.value.getSourceTopic()).isEqualTo(f.topics.faq().name());
    assertThat(dl.key).isEqualTo(dl.value.getDeadLetterId()).isEqualTo(f.topics.faq().name() + "-0-0");
    assertThat(dl.value.getKey().array()).isEqualTo("acme/x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(dl.value.getValue().array()).isEqualTo(bad);
    AuditRecord audit = f.audit.readValue();
    assertThat(audit.getRoute()).isEqualTo(Route.DEAD_LETTER);
    assertThat(audit.getReason()).isEqualTo("DESERIALIZATION_FAILED");
    assertThat(f.counter("ticketflow.dead.letters", "reason", "DESERIALIZATION_FAILED")).isEqualTo(1.0);
    f.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
    assertThat(f.dlq.isEmpty()).as("dead-lettered once").isTrue();
  }

  /** FAQ ids are parts of keys (the FAQ topic's, the statistics'): no '/' in a tenant, no control characters. */
  @Test
  void faqEntryWhoseIdsCannotServeAsKeysIsDeadLettered() {
    io.ticketflow.schema.FaqEntry slash = faq("hours", "when are you open", "9 to 5.");
    slash.setTenantId("acme/eu");
    io.ticketflow.schema.FaqEntry control = faq("ho\u001furs", "when are you open", "9 to 5.");
    f.faq.pipeInput("acme/eu/hours", slash);
    f.faq.pipeInput("acme/ho\u001furs", control);
    java.util.List<DeadLetter> dls = deadLettered();
    assertThat(dls).extracting(DeadLetter::getReasonCode)
        .containsExactly(DeadLetterReason.INVALID_TEXT, DeadLetterReason.INVALID_TEXT);
    assertThat(dls.get(0).getMessage()).contains("tenantId holds '/'");
    assertThat(dls.get(1).getMessage()).contains("id has an invalid character U+001F");
    f.send(inquiry("q1", "c1", "When are you open?"));
    assertThat(f.replies.isEmpty()).isTrue();
  }

  /** The key decides which entry a tombstone removes; a record whose body names another entry cannot be stored. */
  @Test
  void faqRecordWhoseKeyIsNotItsEntrysIsDeadLettered() {
    io.ticketflow.schema.FaqEntry globex = faq("hours", "when are you open", "acme's hours");
    globex.setTenantId("globex");
    f.faq.pipeInput("acme/hours", globex);
    f.faq.pipeInput("acme/hours", faq("hours-v2", "when are you open", "9 to 5."));
    java.util.List<DeadLetter> dls = deadLettered();
    assertThat(dls).extracting(DeadLetter::getReasonCode).containsExactly(DeadLetterReason.OTHER, DeadLetterReason.OTHER);
    assertThat(dls.get(0).getMessage()).contains("is not its entry's tenantId/id globex/hours");
    io.ticketflow.schema.Inquiry fromGlobex = inquiry("q1", "c1", "When are you open?");
    fromGlobex.setTenantId("globex");
    f.send(fromGlobex);
    f.send(inquiry("q2", "c2", "When are you open?"));
    assertThat(f.replies.isEmpty()).as("neither tenant answered from a mis-keyed record").isTrue();
  }

  /** An answer or question that shows nothing (zero-width, no-break spaces) is missing, as in an inquiry. */
  @Test
  void faqFieldsThatShowNothingAreMissing() {
    f.publish(faq("hours", "when are you open", "\u200B\u00A0\u2060"));
    f.publish(faq("opening", "\uFEFF\u202F", "9 to 5."));
    assertThat(deadLettered()).extracting(DeadLetter::getReasonCode)
        .containsExactly(DeadLetterReason.MISSING_FIELD, DeadLetterReason.MISSING_FIELD);
    f.send(inquiry("q1", "c1", "When are you open?"));
    assertThat(f.replies.isEmpty()).as("no reply that shows nothing").isTrue();
  }

  @Test
  void faqEntryWithoutAnAnswerOrKeyIsDeadLetteredAndReplacesTheOldEntry() {
    f.publish(faq("hours", "when are you open", "9 to 5."));
    f.publish(faq("opening", "what are your opening hours", "9 to 5, Monday to Friday."));
    f.publish(faq("hours", "when are you open", " "));
    f.faq.pipeInput(null, faq("nokey", "who are you", "a shop"));
    java.util.List<DeadLetter> dls = deadLettered();
    assertThat(dls).extracting(DeadLetter::getReasonCode)
        .containsExactly(DeadLetterReason.MISSING_FIELD, DeadLetterReason.MISSING_FIELD);
    assertThat(dls.get(0).getMessage()).contains("answer");
    assertThat(dls.get(1).getMessage()).contains("key");
    // The latest record of "hours" is invalid: the entry is gone, as it will be for a processor that
    // rebuilds its store once compaction has removed the valid record; the other entry stays.
    f.send(inquiry("q1", "c1", "When are you open?"));
    assertThat(f.replies.isEmpty()).isTrue();
    assertThat(f.escalations.readValue().getInquiryId()).isEqualTo("q1");
    f.send(inquiry("q2", "c2", "What are your opening hours?"));
    assertThat(f.replies.readValue().getText()).isEqualTo("9 to 5, Monday to Friday.");
    // A valid record brings it back.
    f.publish(faq("hours", "when are you open", "8 to 8."));
    f.send(inquiry("q3", "c3", "When are you open?"));
    assertThat(f.replies.readValue().getText()).isEqualTo("8 to 8.");
  }

  @Test
  void anUndecodableRecordUnderAnEntrysKeyRemovesTheEntry() {
    f.publish(faq("hours", "when are you open", "9 to 5."));
    f.driver.createInputTopic(f.topics.faq().name(), new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer()).pipeInput(TENANT + "/hours", new byte[] {9, 9});
    f.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
    assertThat(f.dlq.readValuesToList()).extracting(DeadLetter::getReasonCode)
        .containsExactly(DeadLetterReason.DESERIALIZATION_FAILED);
    f.send(inquiry("q1", "c1", "When are you open?"));
    assertThat(f.replies.isEmpty()).isTrue();
  }

  @Test
  void entryTheMatcherRejectsIsDeadLettered() {
    RefusingMatcher failing = RefusingMatcher.refusingAll();
    try (TopologyFixture g = new TopologyFixture(java.util.Map.of(), failing, java.util.function.UnaryOperator.identity())) {
      g.publish(faq("bad", "anything", "x"));
      g.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
      DeadLetter dl = g.dlq.readValue();
      assertThat(dl.getReasonCode()).isEqualTo(DeadLetterReason.PROCESSING_FAILED);
      assertThat(dl.getMessage()).contains("cannot index");
    }
  }

  /** What the FAQ store has dead-lettered by its next punctuation. */
  private java.util.List<DeadLetter> deadLettered() {
    f.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
    return f.dlq.readValuesToList();
  }
}
