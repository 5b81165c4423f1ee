package io.ticketflow.match;

import io.ticketflow.schema.FaqEntry;
import java.util.List;
import java.util.Locale;

/**
 * The primary language of a text or tag, as far as routing needs it: the tag's primary subtag
 * when there is a tag, else the text's dominant script ({@link ScriptDetector}).
 */
public final class Languages {
  private Languages() {}

  /** The language of {@code text}, trusting {@code tag} (BCP-47) when there is one. */
  public static String primary(String tag, String text) {
    if (tag != null && !tag.isBlank()) {
      String lower = tag.toLowerCase(Locale.ROOT);
      int dash = lower.indexOf('-');
      return dash > 0 ? lower.substring(0, dash) : lower;
    }
    return ScriptDetector.detect(text).language();
  }

  /**
   * The entries an English inquiry cannot reach: all their wordings contain Chinese characters, so
   * they are embedded with bge-zh only, which English inquiries (embedded with bge-en) are never
   * compared with, and BM25 finds no words in common (docs/quality.md, "Cross-lingual inquiries").
   */
  public static List<FaqEntry> unreachableInEnglish(List<FaqEntry> entries) {
    return entries.stream()
        .filter(e -> ScriptDetector.containsHan(e.getQuestion())
            && e.getAlternates().stream().allMatch(ScriptDetector::containsHan))
        .toList();
  }
}
