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
   * @param worthTrying a cheap test on counts taken once from the whole text (an '@', enough
   *     digits for the kind, a ':') so that the regex, the expensive part, runs only on texts that
   *     could contain this kind at all. Placeholders hold none of those characters, so counts of
   *     the original text stay a valid upper bound after earlier detectors replaced something.
   */
  private record Detector(PiiKind kind, Predicate<Scan> worthTrying, Pattern pattern, Predicate<String> check) {}

  /** What the pre-checks look at, counted in one pass over the text. */
  private record Scan(int digits, boolean at, boolean colon, boolean dot) {
    static Scan of(String text) {
      int digits = 0;
      boolean at = false;
      boolean colon = false;
      boolean dot = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c >= '0' && c <= '9') {
          digits++;
        } else if (c == '@') {
          at = true;
        } else if (c == ':') {
          colon = true;
        } else if (c == '.') {
          dot = true;
        }
      }
      return new Scan(digits, at, colon, dot);
    }
  }

  private static final Predicate<Scan> HAS_AT = Scan::at;
  private static final Predicate<Scan> HAS_COLON = Scan::colon;

  private static Predicate<Scan> digits(int atLeast) {
    return s -> s.digits() >= atLeast;
  }

  private static final Detector[] DETECTORS = {
      new Detector(PiiKind.EMAIL, HAS_AT,
          Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,24}" + NOT_ALNUM_AFTER),
          s -> true),
      new Detector(PiiKind.ID_NUMBER, digits(17),
          Pattern.compile(NOT_ALNUM_BEFORE + "\\d{17}[\\dXx]" + NOT_ALNUM_AFTER), PiiChecks::isResidentId),
      new Detector(PiiKind.BANK_CARD, digits(13),
          Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])"),
          s -> PiiChecks.isCardNumber(s.replaceAll("[ -]", ""))),
      new Detector(PiiKind.PHONE, digits(11),
          Pattern.compile("(?<![\\d+])(?:(?:\\+|00)86[ -]?)?1[3-9]\\d(?:[ -]?\\d{4}){2}(?!\\d)"), s -> true),
      new Detector(PiiKind.PHONE, digits(8),
          Pattern.compile("(?<![\\w+])(?:\\+|00)[1-9]\\d{0,2}(?:[ -]?\\(?\\d{1,4}\\)?){2,5}(?!\\d)"),
          s -> {
            int digits = s.replaceAll("\\D", "").length();
            return digits >= 8 && digits <= 17;
          }),
      new Detector(PiiKind.IP_ADDRESS, s -> s.digits() >= 4 && s.dot(),
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
    Scan scan = Scan.of(text);
    String current = text;
    for (Detector d : DETECTORS) {
      if (d.worthTrying().test(scan)) {
        current = replace(current, d, counts);
      }
    }
    return new Redaction(current, counts);
  }

  private static String replace(String text, Detector d, Map<PiiKind, Integer> counts) {
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
