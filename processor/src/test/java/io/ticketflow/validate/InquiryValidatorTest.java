package io.ticketflow.validate;

import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.route.Outcome;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Inquiry;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InquiryValidatorTest {
  private final InquiryValidator validator = new InquiryValidator(20, Set.of());

  @ParameterizedTest
  @ValueSource(strings = {"\uD800", "a\uDC00b", "x\uFFFDy", "\u0000", "a\u001Bb", "\u007F", "\u0085"})
  void textThatCannotComeFromValidUtf8IsInvalid(String text) {
    Optional<Outcome.Rejected> r = validator.check(inquiry("q", "c", text));
    assertThat(r).get().extracting(Outcome.Rejected::reason).isEqualTo(DeadLetterReason.INVALID_TEXT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello", "退款\n政策", "tab\there", "😀👍", "é\r\n"})
  void ordinaryTextIsValid(String text) {
    assertThat(validator.check(inquiry("q", "c", text))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"'',c,acme", "q,'',acme", "q,c,''", "q,c,'   '"})
  void blankRequiredFieldsAreMissing(String id, String conversation, String tenant) {
    Inquiry in = inquiry(id, conversation, "text");
    in.setTenantId(tenant);
    assertThat(validator.check(in)).get().extracting(Outcome.Rejected::reason)
        .isEqualTo(DeadLetterReason.MISSING_FIELD);
  }

  @ParameterizedTest
  @CsvSource({"20,true", "21,false"})
  void lengthLimitIsInclusive(int length, boolean valid) {
    assertThat(validator.check(inquiry("q", "c", "a".repeat(length))).isEmpty()).isEqualTo(valid);
  }

  /** Fields copied into the database's rows: a NUL there would stop the table's sink. */
  @ParameterizedTest
  @CsvSource({"customerId", "language", "inquiryId", "conversationId", "tenantId"})
  void aControlCharacterInAnIdOrTheCustomerIdOrLanguageIsInvalid(String field) {
    Inquiry in = inquiry("q", "c", "text");
    set(in, field, "ab\u0000c");
    assertThat(validator.check(in)).get().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_TEXT);
      assertThat(r.message()).startsWith(field + " has an invalid character U+0000");
    });
  }

  /** Text may break lines; an id may not (ids are parts of the FAQ statistics' keys). */
  @ParameterizedTest
  @CsvSource({"customerId", "language", "inquiryId", "conversationId", "tenantId"})
  void aLineBreakOrTabInAnIdIsInvalid(String field) {
    for (String bad : new String[] {"a\nb", "a\rb", "a\tb"}) {
      Inquiry in = inquiry("q", "c", "text");
      set(in, field, bad);
      assertThat(validator.check(in)).as(field + " " + bad.codePointAt(1)).get()
          .extracting(Outcome.Rejected::reason).isEqualTo(DeadLetterReason.INVALID_TEXT);
    }
  }

  @ParameterizedTest
  @CsvSource({"customerId", "language", "inquiryId", "conversationId", "tenantId"})
  void idsAreLimitedInLength(String field) {
    Inquiry in = inquiry("q", "c", "text");
    set(in, field, "x".repeat(InquiryValidator.MAX_ID_LENGTH));
    assertThat(validator.check(in)).isEmpty();
    set(in, field, "x".repeat(InquiryValidator.MAX_ID_LENGTH + 1));
    assertThat(validator.check(in)).get().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(DeadLetterReason.TEXT_TOO_LONG);
      assertThat(r.message()).isEqualTo(field + " has 256 characters, the limit is 255");
    });
  }

  /** The limit counts characters as a reader does: an emoji (two UTF-16 units) is one. */
  @org.junit.jupiter.api.Test
  void theTextLimitCountsCodePoints() {
    InquiryValidator ten = new InquiryValidator(10, java.util.Set.of());
    assertThat(ten.check(inquiry("q", "c", "\uD83D\uDE00".repeat(10)))).isEmpty();
    assertThat(ten.check(inquiry("q", "c", "退款" + "\uD83D\uDE00".repeat(9)))).get().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(DeadLetterReason.TEXT_TOO_LONG);
      assertThat(r.message()).isEqualTo("text has 11 characters, the limit is 10");
    });
  }

  @org.junit.jupiter.api.Test
  void noCustomerIdOrLanguageIsValid() {
    Inquiry in = inquiry("q", "c", "text");
    in.setCustomerId(null);
    in.setLanguage(null);
    assertThat(validator.check(in)).isEmpty();
  }

  private static void set(Inquiry in, String field, String value) {
    switch (field) {
      case "customerId" -> in.setCustomerId(value);
      case "language" -> in.setLanguage(value);
      case "inquiryId" -> in.setInquiryId(value);
      case "conversationId" -> in.setConversationId(value);
      case "tenantId" -> in.setTenantId(value);
      default -> throw new IllegalArgumentException(field);
    }
  }
}
