package io.ticketflow.guard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and replaces personal data: e-mail, PRC resident ID (checksum), bank card (Luhn), phone
 * numbers (mainland mobile and landline, international with a + or 00 prefix) and IPv4/IPv6
 * addresses. Order matters: the most specific checks run first and what they found is masked, so
 * a card number is never half-redacted as a phone number. Near-misses (order numbers, invoice
 * numbers, dates, prices, versions) stay: they fail the checksum, the prefix, the shape or the
 * digit-boundary rules.
 *
 * <p>Each pattern opens with a lookahead on the characters it can start with: the regex engine tries
 * every position of the text, and that test rejects most of them before the lookbehinds run (it
 * halves a pattern's cost on an ordinary sentence).
 *
 * <p>Detection runs on a copy with full-width forms (a Chinese IME's 「１３８」, 「＠」) folded to
 * ASCII one char for one char, so offsets in the copy are offsets in the original, which is what
 * gets redacted.
 */
public final class PiiRedactor {
  private static final String NOT_ALNUM_BEFORE = "(?<![0-9A-Za-z])";
  private static final String NOT_ALNUM_AFTER = "(?![0-9A-Za-z])";
  /** Fills what a detector found, so that later ones neither match it nor see its digits. */
  private static final char MASK = '\uE000';

  /**
   * @param worthTrying a cheap test on counts taken once from the whole text (an '@', enough
   *     digits for the kind, a ':') so that the regex, the expensive part, runs only on texts that
   *     could contain this kind at all. Masks hold none of those characters, so counts of the
   *     text stay a valid upper bound after earlier detectors masked something.
   * @param end where the personal data in a match ends, or -1 when the match is not one
   */
  private record Detector(PiiKind kind, Predicate<Scan> worthTrying, Pattern pattern, MatchEnd end) {}

  @FunctionalInterface
  private interface MatchEnd {
    int of(CharSequence text, int start, int end);

    static MatchEnd whole(Predicate<String> check) {
      return (text, start, end) -> check.test(text.subSequence(start, end).toString()) ? end : -1;
    }
  }

  private record Span(int start, int end, PiiKind kind) {}

  /** What the pre-checks look at, counted in one pass over the text. */
  private record Scan(int digits, boolean at, boolean colon, boolean dot) {
    static Scan of(CharSequence text) {
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

  private static Predicate<Scan> digits(int atLeast) {
    return s -> s.digits() >= atLeast;
  }

  private static final Detector[] DETECTORS = {
      // The lookbehind makes a run of local-part characters start only once, and the bounds are
      // RFC 5321's: without them a long token with an '@' costs quadratic time.
      new Detector(PiiKind.EMAIL, Scan::at,
          Pattern.compile("(?=[A-Za-z0-9._%+-])(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*"
              + "\\.[A-Za-z]{2,24}" + NOT_ALNUM_AFTER),
          (text, start, end) -> end),
      // 18 characters, or 6-8-4 as ID cards print them.
      new Detector(PiiKind.ID_NUMBER, digits(17),
          Pattern.compile("(?=\\d)" + NOT_ALNUM_BEFORE + "\\d{6}(?:([ -])\\d{8}\\1|\\d{8})\\d{3}[\\dXx]" + NOT_ALNUM_AFTER),
          MatchEnd.whole(s -> PiiChecks.isResidentId(PiiChecks.withoutSeparators(s)))),
      new Detector(PiiKind.BANK_CARD, digits(13),
          Pattern.compile("(?=\\d)(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])"), PiiChecks::cardNumberEnd),
      // Dotted writings only in the printed groups (6-8-4, 4-4-4-…): dots also join amounts and versions.
      new Detector(PiiKind.ID_NUMBER, s -> s.digits() >= 17 && s.dot(),
          Pattern.compile("(?=\\d)" + NOT_ALNUM_BEFORE + "(?<!\\d\\.)\\d{6}\\.\\d{8}\\.\\d{3}[\\dXx]" + NOT_ALNUM_AFTER
              + "(?!\\.\\d)"),
          MatchEnd.whole(s -> PiiChecks.isResidentId(PiiChecks.withoutSeparators(s)))),
      new Detector(PiiKind.BANK_CARD, s -> s.digits() >= 13 && s.dot(),
          Pattern.compile("(?=\\d)(?<![\\d.])\\d{4}(?:\\.\\d{4}){2,3}\\.\\d{1,4}(?!\\d|\\.\\d)"), PiiChecks::cardNumberEnd),
      new Detector(PiiKind.PHONE, digits(11),
          Pattern.compile("(?=[+01])(?<![\\d+])(?:(?:\\+|00)86[ -]?)?1[3-9]\\d(?:(?:[ -]?\\d{4}){2}|\\.\\d{4}\\.\\d{4})(?!\\d)"),
          (text, start, end) -> end),
      // Mainland landline: area code 010, 02x or 0[3-9]xx, then a 7–8 digit local number (which
      // should start with 2–9, but a customer's typo is still their number). The area code must be
      // set off (parentheses, a space or a dash): 11–12 digits starting with 0 and nothing else
      // are as often an invoice code (发票代码) as a phone.
      new Detector(PiiKind.PHONE, digits(10),
          Pattern.compile("(?=[(0])(?<![\\d+])(?:\\((?:010|02\\d|0[3-9]\\d\\d)\\) ?|(?:010|02\\d|0[3-9]\\d\\d)[ -])"
              + "[1-9]\\d{2,3}[ -]?\\d{4}(?!\\d)"),
          (text, start, end) -> end),
      // International: '+' or '00', country code, groups. A number that starts in the middle of a
      // digit-group run (a card the card rule rejected) is not one.
      new Detector(PiiKind.PHONE, digits(8),
          Pattern.compile("(?=[+0])(?<![\\w+])(?<!\\d[ -])(?:\\+[1-9]\\d{0,2}(?:[ -]?\\(?\\d{1,4}\\)?){2,5}"
              + "|00[1-9]\\d{0,2}[ -]\\(?\\d{1,4}\\)?(?:[ -]?\\(?\\d{1,4}\\)?){1,4})(?!\\d)"),
          MatchEnd.whole(PiiChecks::isInternationalPhone)),
      // Before IPv4, so that an IPv4-mapped address (::ffff:192.168.1.1) is one address.
      new Detector(PiiKind.IP_ADDRESS, Scan::colon,
          Pattern.compile("(?=[0-9A-Fa-f:])(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f]{0,4})"
              + "(?![0-9A-Fa-f:]|\\.\\d)"),
          MatchEnd.whole(PiiChecks::isIpv6)),
      new Detector(PiiKind.IP_ADDRESS, s -> s.digits() >= 4 && s.dot(),
          Pattern.compile("(?=\\d)(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\d]|\\.\\d)"),
          (text, start, end) -> PiiChecks.isIpv4(text.subSequence(start, end).toString())
              && !PiiChecks.followsVersionWord(text, start) ? end : -1),
  };

  /** One item of personal data in a text: its kind and its characters there. */
  public record Found(PiiKind kind, String text) {}

  /** {@code text} with every detected item replaced by its kind's placeholder. */
  public Redaction redact(String text) {
    Map<PiiKind, Integer> counts = new EnumMap<>(PiiKind.class);
    if (text == null || text.isEmpty()) {
      return new Redaction(text == null ? "" : text, counts);
    }
    List<Span> spans = spans(text);
    if (spans.isEmpty()) {
      return new Redaction(text, counts);
    }
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    for (Span span : spans) {
      out.append(text, last, span.start()).append(span.kind().placeholder());
      last = span.end();
      counts.merge(span.kind(), 1, Integer::sum);
    }
    return new Redaction(out.append(text, last, text.length()).toString(), counts);
  }

  /** The items {@link #redact} would replace, in their order in {@code text}. */
  public List<Found> find(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<Found> found = new ArrayList<>();
    for (Span span : spans(text)) {
      found.add(new Found(span.kind(), text.substring(span.start(), span.end())));
    }
    return found;
  }

  /** Where personal data is in a non-empty text, sorted by start. */
  private static List<Span> spans(String text) {
    String work = foldFullWidth(text);
    Scan scan = Scan.of(work);
    List<Span> spans = new ArrayList<>();
    for (Detector d : DETECTORS) {
      if (d.worthTrying().test(scan)) {
        int found = spans.size();
        find(work, d, spans);
        if (spans.size() > found) {
          work = mask(work, spans.subList(found, spans.size()));
        }
      }
    }
    spans.sort(Comparator.comparingInt(Span::start));
    return spans;
  }

  /** Rejected matches resume one character later: a shorter item may start inside them. */
  private static void find(CharSequence text, Detector d, List<Span> spans) {
    Matcher m = d.pattern().matcher(text);
    int from = 0;
    while (from < text.length() && m.find(from)) {
      int end = d.end().of(text, m.start(), m.end());
      if (end < 0) {
        from = m.start() + 1;
      } else {
        spans.add(new Span(m.start(), end, d.kind()));
        from = end;
      }
    }
  }

  /** A String again, not a builder: the regex engine reads a String's chars markedly faster. */
  private static String mask(String text, List<Span> found) {
    char[] chars = text.toCharArray();
    for (Span span : found) {
      Arrays.fill(chars, span.start(), span.end(), MASK);
    }
    return new String(chars);
  }

  /** Full-width forms U+FF01–FF5E and the ideographic space as ASCII, one char for one char. */
  static String foldFullWidth(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= '\uFF01' && c <= '\uFF5E') || c == '\u3000') {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = c == '\u3000' ? ' ' : (char) (c - 0xFEE0);
      }
    }
    return chars == null ? text : new String(chars);
  }
}
