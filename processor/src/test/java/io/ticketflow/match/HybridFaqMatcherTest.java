package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.EvalFiles.LabelledQuery;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hybrid matcher with the shipped default calibration on the hand-written bilingual FAQ's
 * holdout queries, which the default was not fitted on.
 */
class HybridFaqMatcherTest {

  private static HybridFaqMatcher matcher;

  @BeforeAll
  static void index() {
    matcher = HybridFaqMatcher.withDefaults();
    matcher.library().upsertAll(TestFaqs.bilingualFaq());
  }

  @Test
  void defaultCalibrationAnswersMostHoldoutParaphrasesAndFewOutOfScopeInquiries() {
    List<LabelledQuery> holdout = TestFaqs.queries("cs-bilingual/queries-holdout.jsonl");
    EvalReport r = Evaluation.report("hybrid", Evaluation.answer(matcher, TestFaqs.TENANT, holdout, () -> { }),
        matcher.calibration().threshold("hybrid"));
    assertThat(r.top1NoThreshold()).isGreaterThanOrEqualTo(0.85);
    assertThat(r.top1Accuracy()).isGreaterThanOrEqualTo(0.70);
    assertThat(r.falseAcceptRate()).isLessThanOrEqualTo(0.20);
  }

  @Test
  void exactWordingIsCertain() {
    assertThat(matcher.match(TestFaqs.TENANT, "如何開發票？", null).best())
        .hasValueSatisfying(c -> {
          assertThat(c.faqId()).isEqualTo("invoice");
          assertThat(c.score()).isEqualTo(1.0);
        });
  }

  @Test
  void rankAndConfidenceNeverFallWhenASimilaritySignalRises() {
    Calibration cal = matcher.calibration();
    for (boolean han : new boolean[] {false, true}) {
      Signals base = signals(3, 0.5, 0.70, 0.0, 0.2, han);
      double r0 = cal.rankProbability(base);
      double c0 = cal.confidence(base, r0, 0.1);
      for (Signals more : List.of(signals(6, 1.0, 0.70, 0.0, 0.2, han), signals(3, 0.5, 0.70, 0.1, 0.2, han),
          signals(3, 0.5, 0.70, 0.0, 0.6, han))) {
        assertThat(cal.rankProbability(more)).isGreaterThanOrEqualTo(r0);
        assertThat(cal.confidence(more, r0, 0.1)).isGreaterThanOrEqualTo(c0);
      }
      assertThat(cal.confidence(base, r0 + 0.2, 0.1)).isGreaterThanOrEqualTo(c0);
      assertThat(cal.confidence(base, r0, 0.3)).isGreaterThanOrEqualTo(c0);
    }
    Signals latin = signals(3, 0.5, 0.70, 0.0, 0.2, false);
    assertThat(cal.rankProbability(signals(3, 0.5, 0.85, 0.0, 0.2, false))).isGreaterThan(cal.rankProbability(latin));
  }

  /** Candidate signals where best, top-3 and centroid cosine move together, as they do in practice. */
  private static Signals signals(double bm25, double bm25Rel, double cos, double margin, double vote, boolean han) {
    return new Signals("x", false, bm25, bm25Rel, cos, cos - 0.03, cos - 0.05, margin, vote, true, han);
  }

  @Test
  void unknownTenantGetsNoCandidate() {
    assertThat(matcher.match("nobody", "怎么退款", null).candidates()).isEmpty();
  }
}
