package io.ticketflow.guard;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and replaces personal data: e-mail, PRC resident ID (checksum), bank card (Luhn), phone
 * numbers (mainland mobile, international with a + or 00 prefix) and IPv4/IPv6 addresses. Order
 * matters: the most specific checks run first and placeholders contain no digits, so a card
 * number is never half-redacted as a phone number. Near-misses (order numbers, dates, prices)
 * stay: they fail the checksum, the prefix or the digit-boundary rules.
 */
public final class PiiRedactor {
  private static final String NOT_ALNUM_BEFORE = "(?<![0-9A-Za-z])";
  private static final String NOT_ALNUM_AFTER = "(?![0-9A-Za-z])";

  /**
   * @param worthTrying a cheap test on the whole text (an '@', a digit, a ':') so that the regex,
   *     the expensive part, runs only on texts that could contain this kind at all
   */
  private record Detector(PiiKind kind, Predicate<String> worthTrying, Pattern pattern, Predicate<String> check) {}

  private static final Predicate<String> HAS_AT = t -> t.indexOf('@') >= 0;
  private static final Predicate<String> HAS_DIGIT = PiiRedactor::hasDigit;
  private static final Predicate<String> HAS_COLON = t -> t.indexOf(':') >= 0;

  private static final Detector[] DETECTORS = {
      new Detector(PiiKind.EMAIL, HAS_AT,
          Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}" + NOT_ALNUM_AFTER),
          s -> true),
      new Detector(PiiKind.ID_NUMBER, HAS_DIGIT,
          Pattern.compile(NOT_ALNUM_BEFORE + "\\d{17}[\\dXx]" + NOT_ALNUM_AFTER), PiiChecks::isResidentId),
      new Detector(PiiKind.BANK_CARD, HAS_DIGIT,
          Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])"),
          s -> PiiChecks.isCardNumber(s.replaceAll("[ -]", ""))),
      new Detector(PiiKind.PHONE, HAS_DIGIT,
          Pattern.compile("(?<![\\d+])(?:(?:\\+|00)86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}(?!\\d)"), s -> true),
      new Detector(PiiKind.PHONE, HAS_DIGIT,
          Pattern.compile("(?<![\\w+])(?:\\+|00)[1-9]\\d{0,2}(?:[ -]?\\(?\\d{1,4}\\)?){2,5}(?!\\d)"),
          s -> {
            int digits = s.replaceAll("\\D", "").length();
            return digits >= 8 && digits <= 17;
          }),
      new Detector(PiiKind.IP_ADDRESS, HAS_DIGIT,
          Pattern.compile("(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\d]|\\.\\d)"), PiiChecks::isIpv4),
      new Detector(PiiKind.IP_ADDRESS, HAS_COLON,
          Pattern.compile("(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])"),
          PiiChecks::isIpv6),
  };

  /** {@code text} with every detected item replaced by its kind's placeholder. */
  public Redaction redact(String text) {
    Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
    if (text == null || text.isEmpty()) {
      return new Redaction(text == null ? "" : text, counts);
    }
    String current = text;
    for (Detector d : DETECTORS) {
      current = replace(current, d, counts);
    }
    return new Redaction(current, counts);
  }

  private static boolean hasDigit(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  private static String replace(String text, Detector d, Map<PiiKind, Integer> counts) {
    if (!d.worthTrying().test(text)) {
      return text;
    }
    Matcher m = d.pattern().matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (!d.check().test(m.group())) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start()).append(d.kind().placeholder());
      last = m.end();
      counts.merge(d.kind(), 1, Integer::sum);
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }
}
