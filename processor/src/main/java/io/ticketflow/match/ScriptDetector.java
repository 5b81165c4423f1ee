package io.ticketflow.match;

/**
 * Tells Chinese from Latin-script text by counting characters — enough for zh/en and robust for
 * short, mixed inquiries such as 「我的iPhone无法开机」 (Chinese with a product name: Chinese wins
 * as soon as Han characters are at least as many as Latin words).
 */
public final class ScriptDetector {

  /** The script that decides the analyzer and the embedding model for a text. */
  public enum Script {
    HAN("zh"),
    LATIN("en");

    private final String language;

    Script(String language) {
      this.language = language;
    }

    /** The BCP-47 language this script stands for here. */
    public String language() {
      return language;
    }
  }

  private ScriptDetector() {}

  /** The dominant script; text without Han characters counts as Latin. */
  public static Script detect(String text) {
    if (text == null) {
      return Script.LATIN;
    }
    int han = 0;
    int latinWords = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (isHan(cp)) {
        han++;
        inWord = false;
      } else if (isLatinLetter(cp)) {
        if (!inWord) {
          latinWords++;
        }
        inWord = true;
      } else {
        inWord = false;
      }
    }
    return han > 0 && han >= latinWords ? Script.HAN : Script.LATIN;
  }

  /**
   * The embedding space a text belongs in: bge-zh as soon as it holds any Chinese (bge-en scores
   * ~0.97 between almost any two Chinese texts, so 「播放 Gary Lee Conner」 must not go there),
   * bge-en otherwise. The lexical analyzer and the language still follow {@link #detect}.
   */
  public static Script embeddingSpace(String text) {
    return text != null && containsHan(text) ? Script.HAN : Script.LATIN;
  }

  /** Whether any Han character occurs (cheap pre-check before transliteration). */
  public static boolean containsHan(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (isHan(cp)) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /**
   * Whether {@code cp} is of the Han script. No code point below U+2E80 (CJK Radicals Supplement)
   * is, which spares the script lookup for ASCII and most Latin text.
   */
  static boolean isHan(int cp) {
    return cp >= 0x2E80 && Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
  }

  /** A letter of the Latin script; ASCII answered without the script lookup. */
  static boolean isLatinLetter(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    }
    return Character.isLetter(cp) && Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN;
  }
}
