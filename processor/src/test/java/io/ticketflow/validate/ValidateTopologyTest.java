package io.ticketflow.validate;

import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Route;
import io.ticketflow.testing.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ValidateTopologyTest {
  private final TopologyFixture f = new TopologyFixture(
      Map.of(TicketflowConfig.VALIDATE_MAX_TEXT_LENGTH, "100", TicketflowConfig.VALIDATE_TENANTS, "acme,globex"),
      new ExactFaqMatcher(), UnaryOperator.identity());

  @AfterEach
  void close() {
    f.close();
  }

  private void assertRejected(Inquiry in, DeadLetterReason reason) {
    f.send(in);
    assertRejectedOutput(in, reason);
  }

  private void assertRejectedOutput(Inquiry in, DeadLetterReason reason) {
    KeyValue<String, DeadLetter> dl = f.dlq.readKeyValue();
    assertThat(dl.value.getReasonCode()).isEqualTo(reason);
    assertThat(dl.value.getInquiryId()).isEqualTo(in.getInquiryId().isBlank() ? null : in.getInquiryId());
    KeyValue<String, AuditRecord> audit = f.audit.readKeyValue();
    assertThat(audit.key).isEqualTo(dl.value.getDeadLetterId());
    assertThat(audit.value.getRoute()).isEqualTo(Route.REJECTED);
    assertThat(audit.value.getReason()).isEqualTo(reason.name());
    assertThat(f.replies.isEmpty()).isTrue();
    assertThat(f.escalations.isEmpty()).isTrue();
  }

  @Test
  void blankTenantIsMissingField() {
    Inquiry in = inquiry("q1", "c1", "hi");
    in.setTenantId(" ");
    assertRejected(in, DeadLetterReason.MISSING_FIELD);
  }

  @Test
  void blankInquiryIdIsMissingField() {
    Inquiry in = inquiry("", "c1", "hi");
    assertRejected(in, DeadLetterReason.MISSING_FIELD);
  }

  @Test
  void emptyTextIsMissingField() {
    assertRejected(inquiry("q1", "c1", ""), DeadLetterReason.MISSING_FIELD);
  }

  /**
   * Text or ids that show nothing are blank, not only those of white space in String#isBlank's
   * sense: a no-break space, a zero-width space, a word joiner or a byte order mark were taken as
   * an inquiry and escalated to an agent as an empty message.
   */
  @Test
  void invisibleTextAndIdsAreMissingFields() {
    for (String blank : new String[] {"\u3000", "\u00A0", "\u200B\u200B", "\uFEFF", "\u3000\u200B\u2060",
        "\u202F\u00AD"}) {
      assertRejected(inquiry("q1", "c1", blank), DeadLetterReason.MISSING_FIELD);
      assertRejected(inquiry("q2", blank, "hello"), DeadLetterReason.MISSING_FIELD);
    }
    Inquiry invisibleId = inquiry("\u200B", "c1", "hello");
    f.send(invisibleId);
    assertThat(f.dlq.readValue().getReasonCode()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    assertThat(f.audit.readValue().getRoute()).isEqualTo(Route.REJECTED);
    assertThat(f.escalations.isEmpty()).isTrue();
    f.send(inquiry("q3", "c1", "\u200Bhello\u00A0there"));
    assertThat(f.audit.readValue().getRoute()).as("text around invisible characters is text")
        .isEqualTo(Route.ESCALATED);
  }

  @Test
  void textOverTheLimitIsTooLong() {
    assertRejected(inquiry("q1", "c1", "x".repeat(101)), DeadLetterReason.TEXT_TOO_LONG);
  }

  @Test
  void oversizedOriginalIsCutInTheDeadLetter() {
    try (TopologyFixture small = new TopologyFixture(Map.of(TicketflowConfig.DLQ_MAX_VALUE_BYTES, "64"),
        new ExactFaqMatcher(), UnaryOperator.identity())) {
      small.send(inquiry("q1", "c1", "z".repeat(5_000)));
      DeadLetter dl = small.dlq.readValue();
      assertThat(dl.getReasonCode()).isEqualTo(DeadLetterReason.TEXT_TOO_LONG);
      assertThat(dl.getValue().remaining()).isEqualTo(64);
      assertThat(dl.getMessage()).contains("cut to the first 64");
      assertThat(small.audit.readValue().getRoute()).isEqualTo(Route.REJECTED);
    }
  }

  @Test
  void textAtTheLimitIsAccepted() {
    f.send(inquiry("q1", "c1", "x".repeat(100)));
    assertThat(f.dlq.isEmpty()).isTrue();
    assertThat(f.escalations.readValuesToList()).hasSize(1);
  }

  @Test
  void replacementCharacterIsInvalidText() {
    assertRejected(inquiry("q1", "c1", "bad \uFFFD text"), DeadLetterReason.INVALID_TEXT);
  }

  @Test
  void controlCharacterIsInvalidText() {
    assertRejected(inquiry("q1", "c1", "bad \u0007 text"), DeadLetterReason.INVALID_TEXT);
  }

  /** PostgreSQL's text cannot hold NUL: the rejected inquiry's audit row and dead letter carry U+FFFD. */
  @Test
  void aNulInTheIdsIsInvalidAndNotCopiedIntoTheOutputs() {
    Inquiry in = inquiry("q\u00001", "c\u00001", "hi");
    in.setLanguage("en\u0000");
    f.send(in);
    DeadLetter dl = f.dlq.readValue();
    assertThat(dl.getReasonCode()).isEqualTo(DeadLetterReason.INVALID_TEXT);
    assertThat(dl.getInquiryId()).isEqualTo("q\uFFFD1");
    AuditRecord audit = f.audit.readValue();
    assertThat(audit.getRoute()).isEqualTo(Route.REJECTED);
    assertThat(audit.getInquiryId()).isEqualTo("q\uFFFD1");
    assertThat(audit.getConversationId()).isEqualTo("c\uFFFD1");
    assertThat(audit.getLanguage()).isEqualTo("en\uFFFD");
    assertThat(audit.getTenantId()).isEqualTo(in.getTenantId());
  }

  @Test
  void aCustomerIdOverTheIdLimitIsTooLong() {
    Inquiry in = inquiry("q1", "c1", "hi");
    in.setCustomerId("x".repeat(InquiryValidator.MAX_ID_LENGTH + 1));
    assertRejected(in, DeadLetterReason.TEXT_TOO_LONG);
  }

  @Test
  void emojiAndNewlinesAreValidText() {
    f.send(inquiry("q1", "c1", "退款 😀\n第二行\tok"));
    assertThat(f.dlq.isEmpty()).isTrue();
  }

  @Test
  void invalidUtf8BytesOnTheWireAreInvalidText() {
    Inquiry in = inquiry("q1", "c1", "abcQQQdef");
    byte[] bytes = f.bytes(in);
    String wire = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = wire.indexOf("QQQ");
    bytes[at] = (byte) 0xff;
    bytes[at + 1] = (byte) 0xfe;
    f.rawInquiries.pipeInput("c1", bytes);
    assertRejectedOutput(in, DeadLetterReason.INVALID_TEXT);
  }

  @Test
  void tenantOutsideTheAllowListIsUnknownTenant() {
    Inquiry in = inquiry("q1", "c1", "hello");
    in.setTenantId("initech");
    assertRejected(in, DeadLetterReason.UNKNOWN_TENANT);
    assertThat(f.counter("ticketflow.dead.letters", "reason", "UNKNOWN_TENANT")).isEqualTo(1.0);
  }
}
