package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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

  /**
   * A match during an update sees the entry before or after it: a wording the entry keeps stays an
   * exact hit throughout (its key was unmapped before the new wordings were mapped again, so an
   * inquiry in that moment found nothing).
   */
  @Test
  void aWordingKeptByAnUpdateStaysAnExactHitWhileTheEntryIsUpdated() throws Exception {
    matcher.upsert(TestFaqs.entry("refund", "怎么退款", List.of(), "zh"));
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      for (int i = 0; i < 20_000; i++) {
        matcher.upsert(TestFaqs.entry("refund", "怎么退款", List.of("退款 " + i), "zh"));
      }
      writing.set(false);
    });
    writer.start();
    int misses = 0;
    int matches = 0;
    while (writing.get()) {
      matches++;
      if (matcher.match(TestFaqs.TENANT, "怎么退款", null).candidates().isEmpty()) {
        misses++;
      }
    }
    writer.join();
    assertThat(matches).isPositive();
    assertThat(misses).as("matches that found no entry during %d", matches).isZero();
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
