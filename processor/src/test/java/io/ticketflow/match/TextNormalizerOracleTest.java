package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ibm.icu.text.Transliterator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link TextNormalizer} against a copy of its former regular-expression implementation: every
 * text of the repository's FAQ and query files, and seeded random strings built to hit the corner
 * cases (punctuation and symbol runs, the kept + # $ % @ &, whitespace the regex {@code \s} does
 * not match but {@link String#strip} removes, full-width forms, Traditional Chinese, supplementary
 * Han characters and emoji, unpaired surrogates).
 */
class TextNormalizerOracleTest {

  private static final Path[] TEXT_DIRECTORIES = {
    Paths.get("src/test/resources"), Paths.get("../cli/src/main/resources")
  };

  @Test
  void everyFaqAndQueryTextOfTheRepositoryNormalizesAsBefore() throws IOException {
    List<String> texts = repositoryTexts();
    assertThat(texts).hasSizeGreaterThan(500);
    for (String text : texts) {
      assertSame(text);
    }
  }

  @Test
  void seededRandomStringsNormalizeAsBefore() {
    Random random = new Random(20261127L);
    for (int n = 0; n < 5_000; n++) {
      assertSame(randomText(random));
    }
  }

  @Test
  void everySingleCodePointBetweenHanAndLatinNormalizesAsBefore() {
    // Each code point alone and between separators and Han characters, so that every general
    // category, script and NFKC mapping passes through both implementations once.
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp += cp < 0x10000 ? 1 : 0x61) {
      String c = new String(Character.toChars(cp));
      assertSame(c);
      assertSame("中 " + c + " 文," + c + "a\t" + c);
    }
  }

  @Test
  void scriptShortcutsAgreeWithTheScriptLookupForEveryCodePoint() {
    List<String> disagreements = new ArrayList<>();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      if (ScriptDetector.isHan(cp) != (script == Character.UnicodeScript.HAN)
          || ScriptDetector.isLatinLetter(cp)
              != (Character.isLetter(cp) && script == Character.UnicodeScript.LATIN)) {
        disagreements.add(String.format("U+%04X", cp));
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void hanSpacesAndStripEdgeCasesNormalizeAsBefore() {
    String[] cases = {
      "中 文", "中 \t\n文", "中 , 文", "𠀀 中", "中 𠀀", "𠀀 𠀁", "中\u2028 文", "\u2028 中 \u2028",
      "\u001c a \u001f", "\u1680中\u1680", "中\u00a0文", "中\u3000文", "中\u2007文",
      "a + b # c $ d % e @ f & g",
      "A\uD800 中", "中 \uDC00", "中 \uD800\uDC00", "Σ ΣΣ", "İstanbul 中", "ﬁ ﬀ ㍿", "！中？文。", " ", "\t",
      "中 \ud83d\ude00 文", "\ud83d\ude00中", "x\u0085 y", "中\u000b文", "中\u001c文"
    };
    for (String text : cases) {
      assertSame(text);
    }
  }

  private static void assertSame(String text) {
    assertThat(TextNormalizer.normalize(text))
        .as("normalize(%s)", escaped(text))
        .isEqualTo(Oracle.normalize(text));
    assertThat(TextNormalizer.forModel(text, 1_000))
        .as("forModel(%s)", escaped(text))
        .isEqualTo(Oracle.forModel(text, 1_000));
    assertThat(TextNormalizer.forModel(text, 5))
        .as("forModel(%s, 5)", escaped(text))
        .isEqualTo(Oracle.forModel(text, 5));
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            cp ->
                out.append(
                    cp < 0x7f && cp >= 0x20
                        ? Character.toString(cp)
                        : String.format("\\u{%x}", cp)));
    return out.toString();
  }

  private static List<String> repositoryTexts() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> texts = new ArrayList<>();
    for (Path directory : TEXT_DIRECTORIES) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(directory)) {
        files = walk.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
      }
      for (Path file : files) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode node = json.readTree(line);
          for (String field : new String[] {"question", "text", "answer"}) {
            if (node.hasNonNull(field)) {
              texts.add(node.get(field).asText());
            }
          }
          if (node.has("alternates")) {
            node.get("alternates").forEach(a -> texts.add(a.asText()));
          }
        }
      }
    }
    return texts;
  }

  private static final String[] PIECES = {
    " ", "  ", "\t", "\n", "\r\n", "\u000b", "\f", "\u00a0", "\u3000", "\u2028", "\u2029", "\u1680",
    "\u2003", "\u202f", "\u001c", "\u0085", ",", ".", "?", "!", "...", "-", "_", "'", "\"", "(", ")",
    "+", "#", "$", "%", "@", "&", "*", "/", "\\", "^", "`", "~", "|", "<", ">", "=", "€", "¥", "©",
    "°", "±", "，", "。", "？", "！", "「", "」", "《", "》", "、", "：", "；", "（", "）", "“", "”", "…",
    "—", "～", "￥", "＋", "＃", "＠", "＆", "％", "Ａ", "ｚ", "１", "ｶ", "ﾞ", "退款", "請問", "怎麼", "銀行卡遺失",
    "艺术家", "發貨", "国", "中", "𠀀", "𠀁", "𪚥", "😀", "👍🏽", "❤️", "\ud83d", "\ude00", "a", "Z",
    "iPhone", "Order", "ÉTÉ", "ß", "İ", "Σ", "ﬁ", "ｗｉｆｉ", "123", "x2", "①", "㈱", "½", "e\u0301",
    "\u0301", "ｱ", "한국어", "ไทย", "Ω", "K"
  };

  private static String randomText(Random random) {
    StringBuilder out = new StringBuilder();
    int pieces = random.nextInt(12);
    for (int i = 0; i < pieces; i++) {
      if (random.nextInt(10) == 0) {
        out.appendCodePoint(randomCodePoint(random));
      } else {
        out.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    return out.toString();
  }

  private static int randomCodePoint(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> random.nextInt(0x80);
      case 1 -> 0x80 + random.nextInt(0x2E00);
      case 2 -> 0x2E80 + random.nextInt(0xD800 - 0x2E80);
      case 3 -> 0xE000 + random.nextInt(0x10000 - 0xE000);
      default -> 0x10000 + random.nextInt(0x30000);
    };
  }

  /** The former implementation, verbatim: three regular expressions after NFKC and case folding. */
  private static final class Oracle {
    private static final Transliterator TO_SIMPLIFIED =
        Transliterator.getInstance("Traditional-Simplified");
    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}&&[^+#$%@&]]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern SPACE_BETWEEN_HAN =
        Pattern.compile("(?<=\\p{IsHan})\\s+(?=\\p{IsHan})");

    static String forModel(String text, int maxCodePoints) {
      if (text == null || text.isEmpty()) {
        return "";
      }
      String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
      if (containsHan(s)) {
        s = TO_SIMPLIFIED.transliterate(s);
      }
      s = SPACES.matcher(s).replaceAll(" ").strip();
      if (s.codePointCount(0, s.length()) > maxCodePoints) {
        s = s.substring(0, s.offsetByCodePoints(0, maxCodePoints)).strip();
      }
      return s;
    }

    static String normalize(String text) {
      if (text == null || text.isEmpty()) {
        return "";
      }
      String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
      if (containsHan(s)) {
        s = TO_SIMPLIFIED.transliterate(s);
      }
      s = s.toLowerCase(Locale.ROOT);
      s = PUNCTUATION.matcher(s).replaceAll(" ");
      s = SPACES.matcher(s).replaceAll(" ").strip();
      return SPACE_BETWEEN_HAN.matcher(s).replaceAll("");
    }

    private static boolean containsHan(String text) {
      for (int i = 0; i < text.length(); ) {
        int cp = text.codePointAt(i);
        if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
          return true;
        }
        i += Character.charCount(cp);
      }
      return false;
    }
  }
}
