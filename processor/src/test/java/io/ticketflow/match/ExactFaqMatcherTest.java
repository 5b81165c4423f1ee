package io.ticketflow.match;

import static io.ticketflow.testing.Inquiries.TENANT;
import static io.ticketflow.testing.Inquiries.faq;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExactFaqMatcherTest {
  private final ExactFaqMatcher matcher = new ExactFaqMatcher();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "退款政策是什么？ | 退款政策是什么", "退款 政策 是 什么 | 退款政策是什么", "ＨＯＷ　ＤＯ　Refunds work? | howdorefundswork",
      "  How do refunds, work!! | howdorefundswork"})
  void normalizationIgnoresCaseWidthPunctuationAndSpaces(String text, String normalized) {
    assertThat(ExactFaqMatcher.normalize(text)).isEqualTo(normalized);
  }

  @Test
  void matchesQuestionAndAlternatesWithFullConfidence() {
    matcher.upsert(faq("refund", "退款政策是什么", "七天。", "How do refunds work"));
    assertThat(matcher.match(TENANT, "退款政策是什么?", null).best()).get()
        .extracting(FaqCandidate::faqId, FaqCandidate::score).containsExactly("refund", 1.0);
    assertThat(matcher.match(TENANT, "how do refunds work", "en").confidence()).isEqualTo(1.0);
    assertThat(matcher.match(TENANT, "how do refunds work for shoes", "en").candidates()).isEmpty();
    assertThat(matcher.match("other", "how do refunds work", "en").candidates()).isEmpty();
  }

  @Test
  void updateReplacesOldWordingsAndRemoveForgetsTheEntry() {
    matcher.upsert(faq("hours", "when are you open", "9-5"));
    matcher.upsert(faq("hours", "opening hours", "8-8"));
    assertThat(matcher.match(TENANT, "when are you open", null).candidates()).isEmpty();
    assertThat(matcher.match(TENANT, "opening hours", null).best().get().answer()).isEqualTo("8-8");
    matcher.remove(TENANT, "hours");
    assertThat(matcher.match(TENANT, "opening hours", null).candidates()).isEmpty();
    matcher.remove(TENANT, "never-existed");
  }

  @Test
  void sharedWordingResolvesToTheSmallestIdAndSurvivesRemoval() {
    matcher.upsert(faq("b", "hours", "B"));
    matcher.upsert(faq("a", "hours", "A"));
    assertThat(matcher.match(TENANT, "hours", null).best().get().faqId()).isEqualTo("a");
    matcher.remove(TENANT, "a");
    assertThat(matcher.match(TENANT, "hours", null).best().get().faqId()).isEqualTo("b");
  }
}
