package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.EvalFiles.LabelledQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards the matcher's quality: hybrid (shipped default calibration) on a fixed sample of 300
 * CLINC150 test inquiries against the 5-shot FAQ (src/test/resources/clinc150-sample, CC BY 3.0).
 * Fails when top-1 drops more than 3 points below the figure recorded in docs/quality.md.
 */
class ClincSampleRegressionTest {

  /** Recorded top-1 (no threshold) of the hybrid matcher on this sample; see docs/quality.md. */
  static final double RECORDED_TOP1 = 0.8765;
  /** Recorded top-1 at the default calibration's hybrid threshold. */
  static final double RECORDED_TOP1_AT_THRESHOLD = 0.7860;
  static final double ALLOWED_DROP = 0.03;

  @Test
  void hybridTop1StaysWithinThreePointsOfTheRecordedFigure() throws Exception {
    HybridFaqMatcher matcher = HybridFaqMatcher.withDefaults();
    matcher.library().upsertAll(EvalFiles.readFaq(TestFaqs.resource("clinc150-sample/faq-5shot.jsonl"), "clinc"));
    List<LabelledQuery> sample = EvalFiles.readQueries(TestFaqs.resource("clinc150-sample/queries-test-300.jsonl"));

    EvalReport r = Evaluation.report("hybrid", Evaluation.answer(matcher, "clinc", sample, () -> { }),
        matcher.calibration().threshold("hybrid"));

    System.out.printf("clinc150 sample: top-1 %.4f, at threshold %.4f, false accepts %.4f%n",
        r.top1NoThreshold(), r.top1Accuracy(), r.falseAcceptRate());
    assertThat(r.inScope()).isEqualTo(243);
    assertThat(r.top1NoThreshold()).isGreaterThanOrEqualTo(RECORDED_TOP1 - ALLOWED_DROP);
    assertThat(r.top1Accuracy()).isGreaterThanOrEqualTo(RECORDED_TOP1_AT_THRESHOLD - ALLOWED_DROP);
  }
}
