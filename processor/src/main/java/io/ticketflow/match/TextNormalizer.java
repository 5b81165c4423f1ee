package io.ticketflow.match;

import com.ibm.icu.text.Transliterator;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Puts inquiry and FAQ text into one canonical form before any matching: NFKC (which also folds
 * full-width Latin letters, digits and punctuation to half-width), Traditional → Simplified Chinese,
 * case folding, punctuation to spaces, collapsed whitespace, and no spaces between two Chinese
 * characters (word-segmented corpora and users who type 「退 款」 must meet unsegmented text).
 * Thread-safe.
 */
public final class TextNormalizer {

  // ICU's Transliterator is not documented as thread-safe, so each thread gets its own.
  private static final ThreadLocal<Transliterator> TO_SIMPLIFIED =
      ThreadLocal.withInitial(() -> Transliterator.getInstance("Traditional-Simplified"));
  private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}&&[^+#$%@&]]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern SPACE_BETWEEN_HAN =
      Pattern.compile("(?<=\\p{IsHan})\\s+(?=\\p{IsHan})");

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
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    if (ScriptDetector.containsHan(s)) {
      s = TO_SIMPLIFIED.get().transliterate(s);
    }
    s = SPACES.matcher(s).replaceAll(" ").strip();
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
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    if (ScriptDetector.containsHan(s)) {
      s = TO_SIMPLIFIED.get().transliterate(s);
    }
    s = s.toLowerCase(Locale.ROOT);
    s = PUNCTUATION.matcher(s).replaceAll(" ");
    s = SPACES.matcher(s).replaceAll(" ").strip();
    return SPACE_BETWEEN_HAN.matcher(s).replaceAll("");
  }
}
