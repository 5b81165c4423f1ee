package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.match.EvalFiles.LabelledQuery;
import io.ticketflow.schema.FaqEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelfFitTest {

  private static List<String> wordings(FaqEntry e) {
    List<String> out = new ArrayList<>();
    out.add(e.getQuestion());
    out.addAll(e.getAlternates());
    return out;
  }

  @Test
  void everyWordingIsAskedOnceOfACopyWithoutItAndEveryEntryKeepsAWording() {
    List<FaqEntry> faq = TestFaqs.bilingualFaq();
    List<SelfFit.Fold> folds = SelfFit.folds(faq, 5, "fit-0");

    Map<String, Integer> askedTimes = new HashMap<>();
    for (int f = 0; f < folds.size(); f++) {
      SelfFit.Fold fold = folds.get(f);
      Map<String, FaqEntry> byId = new HashMap<>();
      for (FaqEntry e : fold.entries()) {
        assertThat(e.getTenantId()).isEqualTo("fit-0#" + f);
        assertThat(wordings(e)).isNotEmpty();
        byId.put(e.getId(), e);
      }
      assertThat(byId.keySet()).hasSize(faq.size());
      for (LabelledQuery q : fold.queries()) {
        assertThat(q.outOfScope()).isFalse();
        assertThat(wordings(byId.get(q.expected()))).doesNotContain(q.text());
        askedTimes.merge(q.expected() + "|" + q.text(), 1, Integer::sum);
      }
    }
    int total = faq.stream().mapToInt(e -> wordings(e).size()).sum();
    assertThat(askedTimes).hasSize(total).allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
    // A copy holds exactly what was not asked of it.
    for (SelfFit.Fold fold : folds) {
      int kept = fold.entries().stream().mapToInt(e -> wordings(e).size()).sum();
      assertThat(kept + fold.queries().size()).isEqualTo(total);
    }
  }

  @Test
  void anEntryWithOneWordingIsNeverAskedAndEmptyFoldsAreLeftOut() {
    List<FaqEntry> faq = List.of(
        TestFaqs.entry("single", "how do I reset my password", List.of(), "en"),
        TestFaqs.entry("pair", "where is my parcel", List.of("track my order"), "en"));
    List<SelfFit.Fold> folds = SelfFit.folds(faq, 5, "t");

    assertThat(folds).hasSize(2);
    assertThat(folds).flatMap(SelfFit.Fold::queries).extracting(LabelledQuery::expected)
        .containsOnly("pair");
    assertThat(folds).allSatisfy(f -> assertThat(f.entries()).extracting(FaqEntry::getQuestion)
        .contains("how do I reset my password"));
    assertThat(folds).flatMap(SelfFit.Fold::queries).extracting(LabelledQuery::line)
        .doesNotHaveDuplicates();
  }

  @Test
  void wordingsEqualAfterNormalizationCountOnce() {
    List<FaqEntry> faq = List.of(
        TestFaqs.entry("track", "Where is my parcel?", List.of("where is my parcel", "WHERE IS MY PARCEL!",
            "track my order"), "en"),
        TestFaqs.entry("invoice", "如何開發票？", List.of("如何开发票", "发票怎么申请"), "zh"));
    List<SelfFit.Fold> folds = SelfFit.folds(faq, 5, "t");

    // Two distinct wordings each: every one asked once, never of a copy that still holds its twin.
    assertThat(folds).flatMap(SelfFit.Fold::queries).extracting(LabelledQuery::text)
        .containsExactlyInAnyOrder("Where is my parcel?", "track my order", "如何開發票？", "发票怎么申请");
    for (SelfFit.Fold fold : folds) {
      for (LabelledQuery q : fold.queries()) {
        FaqEntry copy = fold.entries().stream().filter(e -> e.getId().equals(q.expected())).findFirst().orElseThrow();
        assertThat(wordings(copy)).extracting(TextNormalizer::normalize)
            .doesNotContain(TextNormalizer.normalize(q.text()));
      }
    }
  }

  @Test
  void refusesAnFaqWithNothingToAskAndTooFewFolds() {
    List<FaqEntry> faq = List.of(TestFaqs.entry("single", "how do I reset my password", List.of(), "en"));
    assertThatThrownBy(() -> SelfFit.folds(faq, 5, "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two wordings");
    assertThatThrownBy(() -> SelfFit.folds(TestFaqs.bilingualFaq(), 1, "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 folds");
  }
}
