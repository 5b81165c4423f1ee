package io.ticketflow.faq;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.Calibration;
import io.ticketflow.match.EvalFiles;
import io.ticketflow.match.FaqLibrary;
import io.ticketflow.match.HybridFaqMatcher;
import io.ticketflow.match.Signals;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.testing.Inquiries;
import io.ticketflow.testing.TopologyFixture;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Operators see how many inquiries were matched without the FAQ's entry classifiers, and so scored
 * by the calibration's fallback models: the match stage counts each match by the classifiers its
 * embedding space had.
 */
class MatchClassifiersMetricTest {

  private static final String[] TEXTS = {
    "my printer will not connect to wifi", "how long does shipping abroad take", "打印机连不上无线网"};

  @Test
  void matchesWithTheFaqsClassifiersCountAsBoth() throws Exception {
    assertCounted(FaqLibrary.full(), Signals.Classifiers.BOTH);
  }

  @Test
  void matchesWithoutThemCountAsNone() throws Exception {
    assertCounted(FaqLibrary.full().withoutClassifiers(), Signals.Classifiers.NONE);
  }

  private static void assertCounted(FaqLibrary library, Signals.Classifiers expected) throws Exception {
    HybridFaqMatcher matcher = new HybridFaqMatcher(library, Calibration.loadDefault());
    try (TopologyFixture f = new TopologyFixture(Map.of(), matcher, UnaryOperator.identity())) {
      Path faq = Path.of(MatchClassifiersMetricTest.class.getResource("/cs-bilingual/faq.jsonl").toURI());
      EvalFiles.readFaq(faq, Inquiries.TENANT).forEach(f::publish);
      for (int i = 0; i < TEXTS.length; i++) {
        f.send(Inquiries.inquiry("q" + i, "c" + i, TEXTS[i]));
      }
      // An FAQ's own wording is certain without any model: not counted.
      f.send(Inquiries.inquiry("q-exact", "c-exact", "退款政策是什么"));
      assertThat(f.audit.readValuesToList()).hasSize(TEXTS.length + 1);
      assertThat(f.replies.readValuesToList()).extracting(r -> r.getFaqId()).contains("refund-policy");
      for (Signals.Classifiers c : Signals.Classifiers.values()) {
        assertThat(f.counter(PipelineMetrics.MATCH_CLASSIFIERS, "classifiers", c.name().toLowerCase(Locale.ROOT)))
            .as(c.name()).isEqualTo(c == expected ? TEXTS.length : 0.0);
      }
    }
  }
}
