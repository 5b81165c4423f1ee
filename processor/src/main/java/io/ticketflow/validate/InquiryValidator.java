package io.ticketflow.validate;

import io.ticketflow.route.Outcome;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Inquiry;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 2 rules, pure: required fields present and non-blank ({@link #isBlank}), text within the length limit, text
 * that is real text, tenant on the allow-list (empty list = every tenant).
 *
 * <p>Invalid UTF-8 does not fail Avro decoding (Avro replaces bad bytes with U+FFFD), so it is
 * caught here as INVALID_TEXT together with unpaired surrogates and control characters other
 * than tab and line breaks. The same check, without tabs and line breaks, covers the ids, the
 * optional customer id and language, which are copied into the outputs and the database's rows (PostgreSQL cannot store a NUL
 * character, and a row it refuses stops that table's sink); ids are limited to {@link
 * #MAX_ID_LENGTH} characters, well under PostgreSQL's limit for an indexed key.
 */
public final class InquiryValidator {
  /** Longest inquiryId, conversationId, tenantId, customerId or language accepted. */
  public static final int MAX_ID_LENGTH = 255;
  private final int maxTextLength;
  private final Set<String> allowedTenants;

  public InquiryValidator(int maxTextLength, Set<String> allowedTenants) {
    this.maxTextLength = maxTextLength;
    this.allowedTenants = Set.copyOf(allowedTenants);
  }

  /** Why {@code inquiry} is rejected, or empty when it is valid. */
  public Optional<Outcome.Rejected> check(Inquiry inquiry) {
    for (String[] field : new String[][] {
        {"inquiryId", inquiry.getInquiryId()}, {"conversationId", inquiry.getConversationId()},
        {"tenantId", inquiry.getTenantId()}, {"text", inquiry.getText()}}) {
      if (isBlank(field[1])) {
        return reject(DeadLetterReason.MISSING_FIELD, field[0] + " is missing or blank");
      }
    }
    String text = inquiry.getText();
    // Characters as a reader counts them: an emoji is one, not its two UTF-16 units.
    if (text.length() > maxTextLength && text.codePointCount(0, text.length()) > maxTextLength) {
      return reject(DeadLetterReason.TEXT_TOO_LONG,
          "text has " + text.codePointCount(0, text.length()) + " characters, the limit is " + maxTextLength);
    }
    String[][] ids = {
        {"inquiryId", inquiry.getInquiryId()}, {"conversationId", inquiry.getConversationId()},
        {"tenantId", inquiry.getTenantId()}, {"customerId", inquiry.getCustomerId()},
        {"language", inquiry.getLanguage()}};
    for (String[] field : ids) {
      if (field[1] != null && field[1].length() > MAX_ID_LENGTH) {
        return tooLong(field[0], field[1]);
      }
    }
    Optional<Outcome.Rejected> invalid = invalidChar("text", text, true);
    for (int i = 0; i < ids.length && invalid.isEmpty(); i++) {
      invalid = invalidChar(ids[i][0], ids[i][1], false);
    }
    if (invalid.isPresent()) {
      return invalid;
    }
    if (!allowedTenants.isEmpty() && !allowedTenants.contains(inquiry.getTenantId())) {
      return reject(DeadLetterReason.UNKNOWN_TENANT, "tenant " + inquiry.getTenantId() + " is not allowed");
    }
    return Optional.empty();
  }

  /**
   * Whether {@code value} is null or shows nothing: every character white space ({@link
   * String#isBlank}, U+3000 included), another space separator (no-break spaces, which {@code
   * isBlank} keeps) or an invisible format character (zero-width space and joiners, word joiner,
   * byte order mark, soft hyphen).
   */
  public static boolean isBlank(String value) {
    if (value == null) {
      return true;
    }
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && Character.getType(c) != Character.FORMAT) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  /**
   * Why {@code value} cannot serve as an id, or empty (null and blank are the caller's to judge):
   * TEXT_TOO_LONG over {@link #MAX_ID_LENGTH} characters; INVALID_TEXT for any control character
   * (line breaks and tabs too), an unpaired surrogate or U+FFFD. Ids become keys: of the stores,
   * of the FAQ statistics (whose parts they are), of the database's rows.
   */
  public static Optional<Outcome.Rejected> idProblem(String field, String value) {
    if (value != null && value.length() > MAX_ID_LENGTH) {
      return tooLong(field, value);
    }
    return invalidChar(field, value, false);
  }

  private static Optional<Outcome.Rejected> tooLong(String field, String value) {
    return reject(DeadLetterReason.TEXT_TOO_LONG,
        field + " has " + value.length() + " characters, the limit is " + MAX_ID_LENGTH);
  }

  /** INVALID_TEXT when {@code value} holds a character that cannot come from valid UTF-8 text. */
  private static Optional<Outcome.Rejected> invalidChar(String field, String value, boolean lineBreaksAllowed) {
    int bad = value == null ? -1 : firstInvalidChar(value, lineBreaksAllowed);
    return bad < 0 ? Optional.empty() : reject(DeadLetterReason.INVALID_TEXT, String.format(
        "%s has an invalid character U+%04X at index %d (invalid UTF-8, unpaired surrogate or control character)",
        field, (int) value.charAt(bad), bad));
  }

  /**
   * Index of the first character that cannot come from valid UTF-8 text (or, without {@code
   * lineBreaksAllowed}, is a tab or line break), or -1.
   */
  static int firstInvalidChar(String s, boolean lineBreaksAllowed) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\uFFFD') {
        return i;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
      if (Character.isISOControl(c) && !(lineBreaksAllowed && (c == '\n' || c == '\r' || c == '\t'))) {
        return i;
      }
    }
    return -1;
  }

  private static Optional<Outcome.Rejected> reject(DeadLetterReason reason, String message) {
    return Optional.of(new Outcome.Rejected(reason, message));
  }
}
