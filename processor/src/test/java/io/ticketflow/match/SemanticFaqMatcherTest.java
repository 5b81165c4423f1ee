package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Uses the real ONNX models (loaded once per JVM by {@link SentenceEmbedder#shared()}). */
class SemanticFaqMatcherTest {

  private static SemanticFaqMatcher matcher;

  @BeforeAll
  static void index() {
    matcher = new SemanticFaqMatcher(FaqLibrary.full());
    matcher.library().upsertAll(TestFaqs.bilingualFaq());
  }

  @Test
  void englishParaphraseWithoutSharedWordsFindsItsEntry() {
    assertThat(matcher.match(TestFaqs.TENANT, "I can't remember my login credentials", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("reset-password"));
  }

  @Test
  void chineseParaphraseAndTraditionalCharactersFindTheirEntry() {
    assertThat(matcher.match(TestFaqs.TENANT, "买的东西不想要了想把钱拿回来", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isIn("refund-policy", "return-item"));
    assertThat(matcher.match(TestFaqs.TENANT, "請問信用卡丟了怎麼辦", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("card-lost"));
  }

  @Test
  void chineseInquiryReachesAnEnglishOnlyEntryAcrossLanguages() {
    matcher.upsert(TestFaqs.entry("gift-card", "How do I redeem a gift card?",
        List.of("use my gift card balance"), "en"));
    assertThat(matcher.match(TestFaqs.TENANT, "礼品卡怎么兑换", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("gift-card"));
    matcher.remove(TestFaqs.TENANT, "gift-card");
  }

  @Test
  void scoresAreCosinesBestFirst() {
    MatchResult r = matcher.match(TestFaqs.TENANT, "how do I enable two factor authentication", null);
    assertThat(r.candidates()).hasSizeGreaterThan(1);
    assertThat(r.candidates().get(0).score()).isGreaterThanOrEqualTo(r.candidates().get(1).score());
    assertThat(r.matcher()).isEqualTo("semantic");
  }
}
