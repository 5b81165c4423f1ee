package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LexicalFaqMatcherTest {

  private final LexicalFaqMatcher matcher = new LexicalFaqMatcher(FaqLibrary.lexicalOnly());

  @BeforeEach
  void index() {
    matcher.library().upsertAll(TestFaqs.bilingualFaq());
  }

  @Test
  void englishParaphraseSharingStemmedTermsRanksItsEntryFirst() {
    MatchResult r = matcher.match(TestFaqs.TENANT, "resetting passwords", null);
    assertThat(r.best()).hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("reset-password"));
    assertThat(r.confidence()).isBetween(0.0, 1.0);
  }

  @Test
  void chineseIsSegmentedAndTraditionalCharactersMatchSimplifiedEntries() {
    assertThat(matcher.match(TestFaqs.TENANT, "發票怎麼開", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("invoice"));
    assertThat(matcher.match(TestFaqs.TENANT, "查询物流信息", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("track-order"));
  }

  @Test
  void moreSharedTermsMeanHigherConfidence() {
    double weak = matcher.match(TestFaqs.TENANT, "firmware", null).confidence();
    double strong = matcher.match(TestFaqs.TENANT, "update the device firmware", null).confidence();
    assertThat(strong).isGreaterThan(weak);
  }

  @Test
  void noSharedTermMeansNoCandidate() {
    assertThat(matcher.match(TestFaqs.TENANT, "zebra xylophone", null).candidates()).isEmpty();
    assertThat(matcher.match(TestFaqs.TENANT, "？？", null).candidates()).isEmpty();
  }

  @Test
  void aHugeInquiryIsMatchedOnItsBeginningInsteadOfFailing() {
    StringBuilder text = new StringBuilder("how do I reset my password ");
    for (int i = 0; i < 3_000; i++) {
      text.append("word").append(i).append(' ');
    }
    assertThat(matcher.match(TestFaqs.TENANT, text.toString(), null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("reset-password"));
  }

  @Test
  void upsertAndRemoveAreVisibleToTheNextMatch() {
    matcher.upsert(TestFaqs.entry("gift-card", "How do I redeem a gift card?", List.of(), "en"));
    assertThat(matcher.match(TestFaqs.TENANT, "redeem gift card", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("gift-card"));
    matcher.remove(TestFaqs.TENANT, "gift-card");
    assertThat(matcher.match(TestFaqs.TENANT, "redeem gift card", null).candidates())
        .noneMatch(c -> c.faqId().equals("gift-card"));
  }

  /** Tenants that come and go (a FAQ per shop of a marketplace) must not pile up in the library. */
  @Test
  void aTenantWhoseLastEntryIsRemovedIsDroppedAndCanComeBack() {
    FaqLibrary library = matcher.library();
    var hours = TestFaqs.entry("hours", "when are you open", List.of(), "en");
    hours.setTenantId("shop-1");
    library.upsert(hours);
    library.remove("shop-1", "not-there");
    library.remove("nobody", "hours");
    assertThat(library.size("shop-1")).isEqualTo(1);
    library.remove("shop-1", "hours");
    assertThat(library.tenant("shop-1")).isNull();
    assertThat(library.size(TestFaqs.TENANT)).isEqualTo(TestFaqs.bilingualFaq().size());
    for (var e : TestFaqs.bilingualFaq()) {
      library.remove(TestFaqs.TENANT, e.getId());
    }
    assertThat(library.tenant(TestFaqs.TENANT)).as("dropped with its last entry").isNull();
    assertThat(matcher.match(TestFaqs.TENANT, "resetting passwords", null).candidates()).isEmpty();
    library.upsertAll(TestFaqs.bilingualFaq());
    assertThat(matcher.match(TestFaqs.TENANT, "resetting passwords", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("reset-password"));
  }
}
