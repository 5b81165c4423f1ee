package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.EvalFiles.LabelledQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    List<Evaluation.Answer> same = holdout(Direction.SAME_LANGUAGE);
    EvalReport r = Evaluation.report("hybrid", same, matcher.calibration().threshold("hybrid"));
    assertThat(r.top1NoThreshold()).isGreaterThanOrEqualTo(0.85);
    assertThat(r.top1Accuracy()).isGreaterThanOrEqualTo(0.70);
    assertThat(r.falseAcceptRate()).isLessThanOrEqualTo(0.20);
  }

  /**
   * A Chinese inquiry about an entry the FAQ has only in English competes with the Chinese entries,
   * which bge-zh scores higher for being in the same language; the ranker's language-agreement
   * weight corrects for that (15 % of these ranked first with the calibration before it, 55 % now).
   */
  @Test
  void chineseInquiriesFindEnglishOnlyEntriesInABilingualFaq() {
    List<Evaluation.Answer> zhToEn = holdout(Direction.CHINESE_TO_ENGLISH);
    assertThat(zhToEn).hasSize(20);
    assertThat(Evaluation.report("hybrid", zhToEn, 1.0).top1NoThreshold()).isGreaterThanOrEqualTo(0.40);
  }

  /**
   * A known weakness, guarded so it does not grow: an English inquiry about an entry the FAQ has
   * only in Chinese cannot be matched to it (bge-en does not read Chinese, BM25 shares no words),
   * so for the matcher it is out of scope, and like other near misses it is sometimes answered
   * from a close English entry ("what is the return process" → the English refund policy). 6 of
   * these 16 were, with this calibration and the one before it (docs/quality.md).
   */
  @Test
  void englishInquiriesAboutChineseOnlyEntriesAreRarelyAnsweredWrongly() {
    double threshold = matcher.calibration().threshold("hybrid");
    List<Evaluation.Answer> enToZh = holdout(Direction.ENGLISH_TO_CHINESE);
    assertThat(enToZh).hasSize(16);
    long answeredWrongly = enToZh.stream()
        .filter(a -> a.confidence() >= threshold && !a.query().expected().equals(a.best())).count();
    assertThat(answeredWrongly).isLessThanOrEqualTo(6);
  }

  private enum Direction { SAME_LANGUAGE, CHINESE_TO_ENGLISH, ENGLISH_TO_CHINESE }

  private static List<Evaluation.Answer> holdout(Direction direction) {
    Map<String, Boolean> chineseEntry = new HashMap<>();
    TestFaqs.bilingualFaq().forEach(e -> chineseEntry.put(e.getId(), "zh".equals(e.getLanguage())));
    List<LabelledQuery> picked = TestFaqs.queries("cs-bilingual/queries-holdout.jsonl").stream().filter(q -> {
      boolean chineseInquiry = ScriptDetector.containsHan(q.text());
      Direction d = q.outOfScope() || chineseEntry.get(q.expected()) == chineseInquiry ? Direction.SAME_LANGUAGE
          : chineseInquiry ? Direction.CHINESE_TO_ENGLISH : Direction.ENGLISH_TO_CHINESE;
      return d == direction;
    }).toList();
    return Evaluation.answer(matcher, TestFaqs.TENANT, picked, () -> { });
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
    for (Signals.Classifiers used : Signals.Classifiers.values()) {
      for (boolean han : new boolean[] {false, true}) {
        Signals base = signals(3, 0.5, 0.70, 0.0, 0.2, -1.5, han, used);
        double r0 = cal.rankProbability(base);
        double c0 = cal.confidence(base, r0, 0.1);
        for (Signals more : List.of(signals(6, 1.0, 0.70, 0.0, 0.2, -1.5, han, used),
            signals(3, 0.5, 0.70, 0.1, 0.2, -1.5, han, used), signals(3, 0.5, 0.70, 0.0, 0.6, -1.5, han, used),
            signals(3, 0.5, 0.70, 0.0, 0.2, -0.2, han, used))) {
          assertThat(cal.rankProbability(more)).as(used.name()).isGreaterThanOrEqualTo(r0);
          assertThat(cal.confidence(more, r0, 0.1)).as(used.name()).isGreaterThanOrEqualTo(c0);
        }
        assertThat(cal.confidence(base, r0 + 0.2, 0.1)).isGreaterThanOrEqualTo(c0);
        assertThat(cal.confidence(base, r0, 0.3)).isGreaterThanOrEqualTo(c0);
      }
      Signals latin = signals(3, 0.5, 0.70, 0.0, 0.2, -1.5, false, used);
      assertThat(cal.rankProbability(signals(3, 0.5, 0.85, 0.0, 0.2, -1.5, false, used)))
          .isGreaterThan(cal.rankProbability(latin));
    }
  }

  /** Without a classifier its signal is a placeholder, which must not move any score. */
  @Test
  void theMissingClassifiersPlaceholdersMoveNoScore() {
    Calibration cal = matcher.calibration();
    for (Signals.Classifiers used : List.of(Signals.Classifiers.EMBEDDING_ONLY, Signals.Classifiers.NONE)) {
      Signals a = signals(3, 0.5, 0.80, 0.05, 0.4, -0.5, false, used);
      Signals b = used == Signals.Classifiers.NONE ? signals(3, 0.5, 0.80, 0.05, 0.4, -3.0, false, used)
          : new Signals("x", false, 3, 0.5, 0.80, 0.77, 0.75, 0.05, 0.4, -0.5, -3.0, true, false, used);
      assertThat(cal.rankProbability(b)).as(used.name()).isEqualTo(cal.rankProbability(a));
      assertThat(cal.confidence(b, 0.6, 0.3)).as(used.name()).isEqualTo(cal.confidence(a, 0.6, 0.3));
    }
  }

  /**
   * An FAQ whose spaces have no entry classifiers (over 1,000 entries, or while they train after a
   * change) gives its inquiries the uniform placeholder −log n for both classifier signals. Scored
   * by the models fitted with real classifier signals, that placeholder lowered every confidence;
   * the calibration's models fitted without them keep the operating point.
   */
  @Test
  void inquiriesOfAnFaqWithoutClassifiersKeepTheOperatingPoint() {
    Calibration cal = matcher.calibration();
    HybridFaqMatcher without = new HybridFaqMatcher(FaqLibrary.full().withoutClassifiers(), cal);
    without.library().upsertAll(TestFaqs.bilingualFaq());
    Calibration mainOnly = new Calibration(cal.version(), cal.fittedOn(), cal.rankerFeatures(), cal.ranker(),
        cal.acceptorFeatures(), cal.acceptor(), cal.targetFalseAcceptRate(), cal.thresholds());
    HybridFaqMatcher withoutFallbacks = new HybridFaqMatcher(without.library(), mainOnly);
    double threshold = cal.threshold("hybrid");
    int[] rightly = new int[3];
    int[] wrongly = new int[3];
    int[] falseAccepts = new int[3];
    int inScope = 0;
    for (LabelledQuery q : TestFaqs.queries("cs-bilingual/queries-holdout.jsonl")) {
      List<Signals> plain = without.signals(TestFaqs.TENANT, q.text());
      assertThat(plain).allMatch(s -> s.classifiers() == Signals.Classifiers.NONE);
      List<List<SignalMatcher.Scored>> ranked = List.of(matcher.rank(matcher.signals(TestFaqs.TENANT, q.text())),
          without.rank(plain), withoutFallbacks.rank(plain));
      inScope += q.outOfScope() ? 0 : 1;
      for (int i = 0; i < 3; i++) {
        if (ranked.get(i).isEmpty() || ranked.get(i).get(0).score() < threshold) {
          continue;
        }
        if (q.outOfScope()) {
          falseAccepts[i]++;
        } else if (ranked.get(i).get(0).signals().faqId().equals(q.expected())) {
          rightly[i]++;
        } else {
          wrongly[i]++;
        }
      }
    }
    // Recorded with default-2026-11-27.6: 64 of 104 answered rightly with classifiers, 58 without
    // them, 54 when the main models read the placeholders.
    assertThat(rightly[1]).as("answered rightly without classifiers, of %d", inScope)
        .isGreaterThanOrEqualTo(rightly[0] - inScope * 8 / 100);
    assertThat(wrongly[1]).as("answered wrongly").isLessThanOrEqualTo(wrongly[0] + 2);
    assertThat(falseAccepts[1]).isLessThanOrEqualTo(falseAccepts[0] + 2);
    assertThat(rightly[2]).as("the main models on the placeholders").isLessThan(rightly[1]);
  }

  /** Candidate signals where best, top-3 and centroid cosine move together, as they do in practice. */
  private static Signals signals(double bm25, double bm25Rel, double cos, double margin, double vote,
      double probe, boolean han) {
    return signals(bm25, bm25Rel, cos, margin, vote, probe, han, Signals.Classifiers.BOTH);
  }

  private static Signals signals(double bm25, double bm25Rel, double cos, double margin, double vote,
      double probe, boolean han, Signals.Classifiers used) {
    return new Signals("x", false, bm25, bm25Rel, cos, cos - 0.03, cos - 0.05, margin, vote, probe, probe, true,
        han, used);
  }

  /**
   * Texts of nothing the models read once punctuation and symbols are gone: a heart (❤ and a
   * variation selector), an emoji family (joined by zero-width joiners), a flag, a byte order mark.
   * The embedding model refuses to embed them; they have no candidate, like an emoji alone.
   */
  @Test
  void anInquiryOfEmojiWithJoinersOrSelectorsHasNoCandidateInsteadOfFailing() {
    for (String text : List.of("❤️", "👨‍👩‍👧", "🏳️‍🌈", "\uFEFF", "\u200B\u200B", "\u0301")) {
      assertThat(matcher.match(TestFaqs.TENANT, text, null).candidates()).as(text).isEmpty();
    }
    assertThat(matcher.match(TestFaqs.TENANT, "I forgot my password ❤️", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("reset-password"));
  }

  @Test
  void unknownTenantGetsNoCandidate() {
    assertThat(matcher.match("nobody", "怎么退款", null).candidates()).isEmpty();
  }
}
