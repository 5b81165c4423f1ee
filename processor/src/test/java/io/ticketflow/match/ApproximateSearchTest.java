package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.EvalFiles.LabelledQuery;
import io.ticketflow.match.ScriptDetector.Script;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HNSW path gives the same results as exact cosine search: one library that never leaves exact
 * search, one whose threshold (1 wording) puts every space on the graph, same FAQ, same inquiries.
 */
class ApproximateSearchTest {

  @Test
  void approximateSearchAnswersLikeExactSearchOnTheBilingualFaq() {
    HybridFaqMatcher exact = new HybridFaqMatcher(FaqLibrary.full(Integer.MAX_VALUE), Calibration.loadDefault());
    HybridFaqMatcher approximate = new HybridFaqMatcher(FaqLibrary.full(1), Calibration.loadDefault());
    exact.library().upsertAll(TestFaqs.bilingualFaq());
    approximate.library().upsertAll(TestFaqs.bilingualFaq());

    List<LabelledQuery> queries = new ArrayList<>(TestFaqs.queries("cs-bilingual/queries-holdout.jsonl"));
    queries.addAll(TestFaqs.queries("cs-bilingual/queries-fit.jsonl"));
    for (LabelledQuery q : queries) {
      assertThat(approximate.match(TestFaqs.TENANT, q.text(), null).candidates())
          .as(q.text())
          .isEqualTo(exact.match(TestFaqs.TENANT, q.text(), null).candidates());
    }
    TenantFaq faq = approximate.library().tenant(TestFaqs.TENANT);
    assertThat(faq.space(Script.LATIN).approximate()).isTrue();
    assertThat(faq.space(Script.HAN).approximate()).isTrue();
    assertThat(exact.library().tenant(TestFaqs.TENANT).space(Script.LATIN).approximate()).isFalse();
  }

  @Test
  void approximateSearchFollowsUpdatesAndRemovals() {
    HybridFaqMatcher approximate = new HybridFaqMatcher(FaqLibrary.full(1), Calibration.loadDefault());
    approximate.library().upsertAll(TestFaqs.bilingualFaq());
    approximate.upsert(TestFaqs.entry("gift-wrap", "can you gift wrap my order",
        List.of("do you offer gift wrapping"), "en"));
    assertThat(approximate.match(TestFaqs.TENANT, "is gift wrapping available", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("gift-wrap"));

    approximate.remove(TestFaqs.TENANT, "gift-wrap");
    assertThat(approximate.match(TestFaqs.TENANT, "is gift wrapping available", null).candidates())
        .noneMatch(c -> c.faqId().equals("gift-wrap"));
  }

  @Test
  void approximateSearchKeepsTheBestCandidateOnTheClincSample() throws Exception {
    HybridFaqMatcher exact = new HybridFaqMatcher(FaqLibrary.full(Integer.MAX_VALUE), Calibration.loadDefault());
    HybridFaqMatcher approximate = new HybridFaqMatcher(FaqLibrary.full(1), Calibration.loadDefault());
    var faq = EvalFiles.readFaq(TestFaqs.resource("clinc150-sample/faq-5shot.jsonl"), "clinc");
    exact.library().upsertAll(faq);
    approximate.library().upsertAll(faq);
    List<LabelledQuery> sample = TestFaqs.queries("clinc150-sample/queries-test-300.jsonl");
    int same = 0;
    for (LabelledQuery q : sample) {
      if (approximate.match("clinc", q.text(), null).candidates()
          .equals(exact.match("clinc", q.text(), null).candidates())) {
        same++;
      }
    }
    // 750 wordings, 100 fetched per inquiry: the graph misses none of the 10 voters here.
    assertThat(same).isEqualTo(sample.size());
  }
}
