package io.ticketflow.guard;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * The form the phrase detectors read, so that one pattern covers the ways a customer types it:
 * NFKC (full-width 「ｔａｌｋ」 and 「！」 to ASCII), no format characters (a zero-width space hidden
 * inside "previous​instructions"), lower case, Traditional characters of the detectors' phrases
 * as Simplified (「轉人工」, 「無視之前的規則」), whitespace collapsed and none between two Chinese
 * characters (「转 人工」). Punctuation stays: it ends the clause a negation belongs to.
 *
 * <p>Traditional → Simplified is a small map of the characters the phrases use, not ICU's
 * transliterator (which {@code match.TextNormalizer} uses): that costs about 16 µs per Chinese
 * inquiry, as much as the rest of the FAQ path, and the guard runs on every inquiry.
 * {@code GuardTextTest} checks the map against ICU and the phrases' Traditional spellings.
 */
final class GuardText {
  /** Pairs: a Traditional character, then its Simplified form. */
  static final String TRADITIONAL_SIMPLIFIED =
      "來来個个們们別别則则剛刚動动務务啓启啟启嗎吗媽妈對对導导從从復复複复換换會会東东機机殘残沒没溝沟滾滚"
          + "無无獄狱現现發发給给統统經经腦脑與与處处裝装規规視视記记設设訴诉詞词話话說说請请輸输轉转進进開开"
          + "隱隐顯显麼么筆笔費费評评舉举報报員员這这幫帮讓让問问為为後后還还應应該该當当時时間间電电號号碼码"
          + "儲储將将於于須须領领";

  private static final char[] TRADITIONAL;
  private static final char[] SIMPLIFIED;

  static {
    char[][] pairs = new char[TRADITIONAL_SIMPLIFIED.length() / 2][];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = new char[] {TRADITIONAL_SIMPLIFIED.charAt(2 * i), TRADITIONAL_SIMPLIFIED.charAt(2 * i + 1)};
    }
    Arrays.sort(pairs, (a, b) -> Character.compare(a[0], b[0]));
    TRADITIONAL = new char[pairs.length];
    SIMPLIFIED = new char[pairs.length];
    for (int i = 0; i < pairs.length; i++) {
      TRADITIONAL[i] = pairs[i][0];
      SIMPLIFIED[i] = pairs[i][1];
    }
  }

  private GuardText() {}

  static String normalize(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSpace = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (Character.getType(c) == Character.FORMAT) {
        continue;
      }
      char folded = c < 128 ? Character.toLowerCase(c) : simplified(Character.toLowerCase(c));
      if (pendingSpace && !(isHan(out.charAt(out.length() - 1)) && isHan(folded))) {
        out.append(' ');
      }
      pendingSpace = false;
      out.append(folded);
    }
    return out.toString();
  }

  private static char simplified(char c) {
    int i = Arrays.binarySearch(TRADITIONAL, c);
    return i >= 0 ? SIMPLIFIED[i] : c;
  }

  /** No character below U+2E80 is Han, which spares the script lookup for ASCII and Latin text. */
  private static boolean isHan(char c) {
    return c >= 0x2E80 && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
  }
}
