package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizedExactMatcherTest {

  private final NormalizedExactMatcher matcher = new NormalizedExactMatcher(FaqLibrary.exactOnly());

  @Test
  void traditionalFullWidthAndPunctuatedWordingsHitTheirEntryWithCertainty() {
    matcher.upsert(TestFaqs.entry("refund", "怎么退款", List.of("退款多久到账"), "zh"));
    matcher.upsert(TestFaqs.entry("track", "How do I track my order?", List.of(), "en"));

    assertThat(matcher.match(TestFaqs.TENANT, "怎麼退款？", null).best())
        .hasValueSatisfying(c -> {
          assertThat(c.faqId()).isEqualTo("refund");
          assertThat(c.score()).isEqualTo(1.0);
        });
    assertThat(matcher.match(TestFaqs.TENANT, "ＨＯＷ ＤＯ Ｉ ＴＲＡＣＫ ＭＹ ＯＲＤＥＲ", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("track"));
  }

  @Test
  void aParaphraseIsNoExactHit() {
    matcher.upsert(TestFaqs.entry("refund", "怎么退款", List.of(), "zh"));
    assertThat(matcher.match(TestFaqs.TENANT, "我想退钱", null).candidates()).isEmpty();
    assertThat(matcher.match("other-tenant", "怎么退款", null).candidates()).isEmpty();
  }

  @Test
  void removedAndReplacedWordingsStopMatching() {
    matcher.upsert(TestFaqs.entry("refund", "怎么退款", List.of("退款多久到账"), "zh"));
    matcher.upsert(TestFaqs.entry("refund", "退款政策", List.of(), "zh"));
    assertThat(matcher.match(TestFaqs.TENANT, "退款多久到账", null).candidates()).isEmpty();
    assertThat(matcher.match(TestFaqs.TENANT, "退款政策", null).candidates()).hasSize(1);
    matcher.remove(TestFaqs.TENANT, "refund");
    assertThat(matcher.match(TestFaqs.TENANT, "退款政策", null).candidates()).isEmpty();
    assertThat(matcher.name()).isEqualTo("exact");
  }

  /** Customers put a space around a Latin word or a number in Chinese text, or leave it out. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "iPhone无法开机怎么办|iPhone 无法开机怎么办？",
      "iPhone无法开机怎么办|iPhone，无法开机怎么办",
      "支持7天无理由退货吗|支持 7 天无理由退货吗？",
      "如何绑定 PayPal 账户|如何绑定PayPal账户",
  })
  void spacingAroundLatinWordsAndNumbersInChineseIsNoDifference(String faq, String inquiry) {
    matcher.upsert(TestFaqs.entry("apart", "keep it apart", List.of(), "en"));
    assertThat(matcher.match(TestFaqs.TENANT, "keep it a part", null).candidates())
        .as("spaces between Latin words still count").isEmpty();
    matcher.upsert(TestFaqs.entry("e1", faq, List.of(), "zh"));
    assertThat(matcher.match(TestFaqs.TENANT, inquiry, null).best())
        .hasValueSatisfying(c -> assertThat(c.score()).isEqualTo(1.0));
    matcher.remove(TestFaqs.TENANT, "e1");
    assertThat(matcher.match(TestFaqs.TENANT, inquiry, null).candidates()).as("removed").isEmpty();
  }
}
