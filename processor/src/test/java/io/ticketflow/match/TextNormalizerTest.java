package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  @Test
  void traditionalChineseBecomesSimplified() {
    assertThat(TextNormalizer.normalize("請問怎麼退款")).isEqualTo("请问怎么退款");
    assertThat(TextNormalizer.normalize("銀行卡遺失")).isEqualTo("银行卡遗失");
  }

  @Test
  void fullWidthLettersDigitsAndSpacesBecomeHalfWidthLowerCase() {
    assertThat(TextNormalizer.normalize("ＨＯＷ　ＤＯ Ｉ　ＴＲＡＣＫ １２３")).isEqualTo("how do i track 123");
  }

  @Test
  void punctuationAndRepeatedWhitespaceCollapse() {
    assertThat(TextNormalizer.normalize("  What is your refund-policy?!  ")).isEqualTo("what is your refund policy");
    assertThat(TextNormalizer.normalize("怎么退款？？！")).isEqualTo("怎么退款");
    assertThat(TextNormalizer.normalize("「退款」，多久到账。")).isEqualTo("退款多久到账");
    assertThat(TextNormalizer.normalize("refund, please...")).isEqualTo("refund please");
  }

  @Test
  void spacesBetweenChineseCharactersAreRemovedButNotAroundLatinWords() {
    assertThat(TextNormalizer.normalize("将 此 艺术家 添加 到 播放 列表")).isEqualTo("将此艺术家添加到播放列表");
    assertThat(TextNormalizer.normalize("我的 iPhone 无法开机")).isEqualTo("我的 iphone 无法开机");
  }

  @Test
  void nullAndBlankBecomeEmpty() {
    assertThat(TextNormalizer.normalize(null)).isEmpty();
    assertThat(TextNormalizer.normalize(" ？！ ")).isEmpty();
  }

  @Test
  void modelTextKeepsCaseAndPunctuationButFoldsWidthScriptAndSpaces() {
    assertThat(TextNormalizer.forModel("  請問 ＩＰＨＯＮＥ  怎麼退款？ ", 1_000)).isEqualTo("请问 IPHONE 怎么退款?");
    assertThat(TextNormalizer.forModel("Where is my Order #123?", 1_000)).isEqualTo("Where is my Order #123?");
    assertThat(TextNormalizer.forModel("退款多久到账", 2)).isEqualTo("退款");
    assertThat(TextNormalizer.forModel(null, 10)).isEmpty();
  }
}
