package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.FaqEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tiny FAQs and tiny embedding spaces, which no FAQ the shipped calibration was fitted on
 * resembled: a lone entry in its space has no runner-up, and its wordings are all of the space's
 * nearest wordings. Off-topic inquiries must stay below the processor's default threshold there.
 */
class SmallFaqConfidenceTest {
  private static final double THRESHOLD = 0.8; // match.answer-threshold's default
  private static HybridFaqMatcher matcher;

  private static FaqEntry entry(String tenant, String id, String question, List<String> alternates, String language) {
    return FaqEntry.newBuilder().setId(id).setTenantId(tenant).setQuestion(question)
        .setAlternates(alternates).setAnswer("answer of " + id).setLanguage(language)
        .setTags(List.of()).setUpdatedAt(Instant.EPOCH).build();
  }

  @BeforeAll
  static void index() {
    matcher = HybridFaqMatcher.withDefaults();
  }

  private static double worst(String tenant, String... inquiries) {
    double worst = 0;
    for (String q : inquiries) {
      worst = Math.max(worst, matcher.match(tenant, q, null).confidence());
    }
    return worst;
  }

  @Test
  void aTenantWithOneEntryDoesNotAnswerOffTopicInquiriesWithIt() {
    matcher.upsert(entry("solo", "reset-password", "How do I reset my password?", List.of("I forgot my password"), "en"));
    matcher.upsert(entry("solo-zh", "refund", "怎么申请退款", List.of("退款多久到账"), "zh"));
    assertThat(worst("solo", "What is the weather in Paris tomorrow?", "Can I bring my dog on the plane?",
        "Do you sell gift cards?", "My package never arrived")).isLessThan(THRESHOLD);
    assertThat(worst("solo-zh", "我的快递到哪了", "你们几点开门", "可以开发票吗")).isLessThan(THRESHOLD);
    assertThat(matcher.match("solo", "how do i reset my password", null).confidence()).as("its own wording")
        .isEqualTo(1.0);
  }

  @Test
  void aChineseFaqWithOneEnglishEntryDoesNotAnswerEveryEnglishInquiryWithIt() {
    String t = "zh-shop";
    matcher.upsert(entry(t, "refund", "怎么申请退款", List.of("退款多久到账"), "zh"));
    matcher.upsert(entry(t, "track", "怎么查物流", List.of("我的快递到哪了"), "zh"));
    matcher.upsert(entry(t, "invoice", "可以开发票吗", List.of(), "zh"));
    matcher.upsert(entry(t, "hours", "客服工作时间", List.of(), "zh"));
    matcher.upsert(entry(t, "english", "Do you offer customer service in English?", List.of(), "en"));
    assertThat(worst(t, "Where is my parcel?", "I want a refund", "Can I get an invoice?",
        "What are your opening hours?", "How do I change my delivery address?")).isLessThan(THRESHOLD);
  }
}
