package io.ticketflow.match;

import com.ibm.icu.text.Transliterator;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Puts inquiry and FAQ text into one canonical form before any matching: NFKC (which also folds
 * full-width Latin letters, digits and punctuation to half-width), Traditional → Simplified Chinese,
 * case folding, punctuation to spaces, collapsed whitespace, and no spaces between two Chinese
 * characters (word-segmented corpora and users who type 「退 款」 must meet unsegmented text).
 * Thread-safe.
 *
 * <p>After NFKC, transliteration and lower-casing, both methods make one pass over the code points
 * instead of regular expressions. The result is the one of the former regex form, which
 * {@code TextNormalizerOracleTest} keeps as its oracle: {@code [\p{P}\p{S}&&[^+#$%@&]]+} to a space,
 * {@code \s+} (ASCII whitespace only, as in Java regex without UNICODE_CHARACTER_CLASS) to one
 * space, {@link String#strip}, then {@code (?<=\p{IsHan})\s+(?=\p{IsHan})} removed.
 */
public final class TextNormalizer {

  // ICU's Transliterator is not documented as thread-safe, so each thread gets its own.
  private static final ThreadLocal<Transliterator> TO_SIMPLIFIED =
      ThreadLocal.withInitial(() -> Transliterator.getInstance("Traditional-Simplified"));

  /** Unicode general categories that Java regex's {@code \p{P}} and {@code \p{S}} match. */
  private static final int PUNCTUATION_OR_SYMBOL =
      1 << Character.CONNECTOR_PUNCTUATION
          | 1 << Character.DASH_PUNCTUATION
          | 1 << Character.START_PUNCTUATION
          | 1 << Character.END_PUNCTUATION
          | 1 << Character.INITIAL_QUOTE_PUNCTUATION
          | 1 << Character.FINAL_QUOTE_PUNCTUATION
          | 1 << Character.OTHER_PUNCTUATION
          | 1 << Character.MATH_SYMBOL
          | 1 << Character.CURRENCY_SYMBOL
          | 1 << Character.MODIFIER_SYMBOL
          | 1 << Character.OTHER_SYMBOL;

  /** ASCII characters that become a space in the canonical form: regex whitespace and punctuation. */
  private static final boolean[] ASCII_SEPARATOR = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII_SEPARATOR[c] = isRegexSpace(c) || isRemovedPunctuation(c);
    }
  }

  private TextNormalizer() {}

  /**
   * The text an embedding model reads: NFKC, Traditional → Simplified Chinese, whitespace collapsed,
   * and at most {@code maxCodePoints} code points — but case and punctuation kept. bge-zh scores
   * measurably better on such text than on the canonical form (docs/quality.md, xSID), and
   * its tokenizer folds case itself.
   */
  public static String forModel(String text, int maxCodePoints) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String s = collapseSpaces(fold(text));
    if (s.codePointCount(0, s.length()) > maxCodePoints) {
      s = s.substring(0, s.offsetByCodePoints(0, maxCodePoints)).strip();
    }
    return s;
  }

  /** The canonical form of {@code text}; null becomes the empty string. */
  public static String normalize(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    return canonical(fold(text).toLowerCase(Locale.ROOT));
  }

  /** What both forms start from: NFKC, then Traditional → Simplified when there is any Han. */
  private static String fold(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    return ScriptDetector.containsHan(s) ? TO_SIMPLIFIED.get().transliterate(s) : s;
  }

  /**
   * Punctuation and symbol runs (but + # $ % @ &) and regex whitespace, mixed, become one space;
   * then {@link String#strip}; a space with a Han character on both sides goes. The character before
   * the space is tested as a {@code char}, as the regex lookbehind did (a supplementary Han
   * character there does not count); the one after it as a code point, as the lookahead did.
   */
  private static String canonical(String s) {
    int n = s.length();
    StringBuilder out = new StringBuilder(n);
    boolean pendingSpace = false;
    for (int i = 0; i < n; ) {
      char c = s.charAt(i);
      int cp;
      boolean separator;
      if (c < 128) {
        cp = c;
        separator = ASCII_SEPARATOR[c];
      } else {
        cp = s.codePointAt(i);
        separator = isRemovedPunctuation(cp);
      }
      int next = i + Character.charCount(cp);
      if (separator) {
        pendingSpace = true;
      } else {
        if (pendingSpace) {
          // A leading space would be stripped anyway; between two Han characters it is dropped.
          if (out.length() > 0
              && !(ScriptDetector.isHan(out.charAt(out.length() - 1)) && ScriptDetector.isHan(cp))) {
            out.append(' ');
          }
          pendingSpace = false;
        }
        if (cp == c) {
          out.append(c);
        } else {
          out.append(s, i, next);
        }
      }
      i = next;
    }
    // A trailing separator run is never appended; strip() also removes the other whitespace that
    // regex \s does not match (U+2028, U+1680, U+001C..U+001F) at either end.
    return strip(out);
  }

  private static String strip(StringBuilder out) {
    int begin = 0;
    int end = out.length();
    while (begin < end && Character.isWhitespace(out.charAt(begin))) {
      begin++;
    }
    while (end > begin && Character.isWhitespace(out.charAt(end - 1))) {
      end--;
    }
    return begin == 0 && end == out.length() ? out.toString() : out.substring(begin, end);
  }

  /** {@code \s+} to one space, then {@link String#strip}. */
  private static String collapseSpaces(String s) {
    int n = s.length();
    StringBuilder out = new StringBuilder(n);
    boolean pendingSpace = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (isRegexSpace(c)) {
        pendingSpace = true;
      } else {
        if (pendingSpace && out.length() > 0) {
          out.append(' ');
        }
        pendingSpace = false;
        out.append(c);
      }
    }
    return strip(out);
  }

  /** Java regex {@code \s} without UNICODE_CHARACTER_CLASS: [ \t\n\x0B\f\r]. */
  private static boolean isRegexSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /** {@code [\p{P}\p{S}&&[^+#$%@&]]}. */
  private static boolean isRemovedPunctuation(int cp) {
    if ((PUNCTUATION_OR_SYMBOL & (1 << Character.getType(cp))) == 0) {
      return false;
    }
    return cp != '+' && cp != '#' && cp != '$' && cp != '%' && cp != '@' && cp != '&';
  }
}
