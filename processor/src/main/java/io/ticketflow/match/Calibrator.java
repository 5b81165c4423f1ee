package io.ticketflow.match;

import io.ticketflow.match.EvalFiles.LabelledQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a {@link Calibration} on labelled inquiries against an indexed FAQ: the ranker on the
 * candidate lists of the inquiries whose right entry is among their candidates
 * ({@link RankerFit}), the acceptor on each inquiry's best candidate (out-of-scope inquiries are
 * always wrong to answer), then each matcher's threshold on the same inquiries for the target
 * false-accept rate. Fit on validation data, evaluate elsewhere.
 */
public final class Calibrator {

  private static final Logger LOG = LoggerFactory.getLogger(Calibrator.class);

  private Calibrator() {}

  /** Labelled inquiries for one tenant's FAQ in the library. */
  public record LabelledSet(String tenantId, List<LabelledQuery> queries) {}

  public static Calibration fit(FaqLibrary library, String tenantId, List<LabelledQuery> queries,
      double targetFalseAcceptRate, String version, String fittedOn, Runnable progress) {
    return fit(library, List.of(new LabelledSet(tenantId, queries)), targetFalseAcceptRate, version,
        fittedOn, progress);
  }

  /**
   * Fits on several FAQs at once (each its own tenant), so one calibration can learn from FAQs with
   * many and with few alternates, in Chinese and in English.
   */
  public static Calibration fit(FaqLibrary library, List<LabelledSet> sets,
      double targetFalseAcceptRate, String version, String fittedOn, Runnable progress) {
    if (!library.hasEmbeddings() || !library.hasLexical()) {
      throw new IllegalArgumentException("fitting needs a full library (exact, BM25 and embeddings)");
    }
    SemanticFaqMatcher probe = new SemanticFaqMatcher(library);
    List<List<Signals>> perQuery = new ArrayList<>();
    List<LabelledQuery> queries = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (LabelledSet set : sets) {
      for (int i = 0; i < set.queries().size(); i++) {
        LabelledQuery q = set.queries().get(i);
        queries.add(q);
        perQuery.add(probe.signals(set.tenantId(), q.text()));
        // The position in its file: the same inquiry asked of two FAQs falls into the same fold.
        positions.add(i);
        progress.run();
      }
    }
    // Each pair of models learns from the inquiries whose signals it reads: the pair without
    // classifiers from all, the one without the n-gram classifier from those that had the embedding
    // one, the main pair from those that had both. A pair left with too few such inquiries (every
    // FAQ over 1,000 entries, or a handful beside them) takes the next pair's models, which read less.
    int usable = (int) perQuery.stream().filter(signals -> !signals.isEmpty()).count();
    int enough = Math.min(RankerFit.MIN_INQUIRIES, usable);
    LOG.info("Fitting the models for inquiries scored without entry classifiers (all inquiries)");
    Calibration.Models withoutAny = fitModels(queries, perQuery, positions,
        Features.unavailable(Signals.Classifiers.NONE), c -> true, 0);
    if (withoutAny == null) {
      throw new IllegalArgumentException("fitting needs both right and wrong candidates; are the queries' "
          + "expected ids in this FAQ, and are some answered wrongly or out of scope?");
    }
    LOG.info("Fitting the models for inquiries scored without the n-gram classifier");
    Calibration.Models withoutGram = orElse(fitModels(queries, perQuery, positions,
        Features.unavailable(Signals.Classifiers.EMBEDDING_ONLY),
        c -> c == Signals.Classifiers.BOTH || c == Signals.Classifiers.EMBEDDING_ONLY, enough),
        withoutAny, "without the n-gram classifier", "without classifiers");
    LOG.info("Fitting the main models (inquiries scored with both classifiers)");
    Calibration.Models main = orElse(fitModels(queries, perQuery, positions, List.of(),
        c -> c == Signals.Classifiers.BOTH, enough), withoutGram, "main", "without the n-gram classifier");
    Calibration fitted = new Calibration(version, fittedOn, Features.RANKER, main.ranker(), Features.ACCEPTOR,
        main.acceptor(), targetFalseAcceptRate, Map.of(), withoutGram, withoutAny);
    Map<String, Double> thresholds = new LinkedHashMap<>();
    for (SignalMatcher matcher : List.of(new NormalizedExactMatcher(library), new LexicalFaqMatcher(library),
        probe, new HybridFaqMatcher(library, fitted))) {
      List<AnswerThreshold.Outcome> outcomes = new ArrayList<>(queries.size());
      for (int i = 0; i < queries.size(); i++) {
        List<SignalMatcher.Scored> ranked = matcher.rank(perQuery.get(i));
        LabelledQuery q = queries.get(i);
        double confidence = ranked.isEmpty() ? 0 : ranked.get(0).score();
        boolean correct = !ranked.isEmpty() && ranked.get(0).signals().faqId().equals(q.expected());
        outcomes.add(new AnswerThreshold.Outcome(confidence, correct, q.outOfScope()));
      }
      // The exact matcher is binary: it answers its certainties and nothing else.
      thresholds.put(matcher.name(), matcher instanceof NormalizedExactMatcher
          ? 1.0 : AnswerThreshold.pick(outcomes, targetFalseAcceptRate));
    }
    return fitted.withThresholds(thresholds);
  }

  /**
   * Fits the ranker on the candidate lists of the inquiries whose right entry is among them, then the
   * acceptor on each inquiry's best candidate, labelled by whether answering with it would be right
   * (out-of-scope inquiries are always wrong to answer). The features in {@code dropped} are set to 0
   * throughout, so the fitted models give them weight 0: these are the models for inquiries that
   * lack those signals. Null when fewer than {@code minimum} inquiries were scored with what
   * {@code reads} accepts, or when right or wrong answers are missing among them.
   */
  private static Calibration.Models fitModels(List<LabelledQuery> queries, List<List<Signals>> perQuery,
      List<Integer> positions, List<String> dropped, Predicate<Signals.Classifiers> reads, int minimum) {
    List<Integer> used = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      if (!perQuery.get(i).isEmpty() && reads.test(perQuery.get(i).get(0).classifiers())) {
        used.add(i);
      }
    }
    if (used.size() < minimum) {
      return null;
    }
    List<double[]> xs = new ArrayList<>();
    List<Boolean> ys = new ArrayList<>();
    List<RankerFit.Inquiry> inquiries = new ArrayList<>();
    for (int i : used) {
      List<double[]> candidates = new ArrayList<>();
      int right = -1;
      for (Signals s : perQuery.get(i)) {
        if (!s.exact()) {
          boolean expected = s.faqId().equals(queries.get(i).expected());
          if (expected) {
            right = candidates.size();
          }
          double[] x = rankerFeatures(s, dropped);
          candidates.add(x);
          xs.add(x);
          ys.add(expected);
        }
      }
      inquiries.add(new RankerFit.Inquiry(positions.get(i), candidates, right));
    }
    if (!bothClasses(ys)) {
      return null;
    }
    LinearModel ranker = withoutWeights(RankerFit.fit(inquiries, xs, ys, Features.rankerNonNegative()),
        Features.RANKER, dropped);

    List<double[]> topXs = new ArrayList<>();
    List<Boolean> topYs = new ArrayList<>();
    for (int i : used) {
      List<Signals> ranked = perQuery.get(i).stream().filter(s -> !s.exact())
          .sorted(Comparator.comparingDouble((Signals s) -> ranker.probability(rankerFeatures(s, dropped))).reversed())
          .toList();
      if (ranked.isEmpty()) {
        continue;
      }
      double top = ranker.probability(rankerFeatures(ranked.get(0), dropped));
      double second = ranked.size() > 1 ? ranker.probability(rankerFeatures(ranked.get(1), dropped)) : 0;
      topXs.add(Features.without(Features.acceptor(ranked.get(0), top, top - second), Features.ACCEPTOR, dropped));
      topYs.add(ranked.get(0).faqId().equals(queries.get(i).expected()));
    }
    if (!bothClasses(topYs)) {
      return null;
    }
    LinearModel acceptor = withoutWeights(LogisticRegression.fit(topXs, topYs, Features.acceptorNonNegative()),
        Features.ACCEPTOR, dropped);
    return new Calibration.Models(ranker, acceptor);
  }

  private static double[] rankerFeatures(Signals s, List<String> dropped) {
    return Features.without(Features.ranker(s), Features.RANKER, dropped);
  }

  /**
   * The model with the dropped features' weights set to exactly 0. They were fitted on a constant 0,
   * so their weights stay near 0 and never change a training score; exactly 0 is what
   * {@link Calibration} checks, and what makes the signals' placeholders inert.
   */
  private static LinearModel withoutWeights(LinearModel m, List<String> names, List<String> dropped) {
    return new LinearModel(m.mean(), m.scale(), Features.without(m.weights(), names, dropped), m.bias());
  }

  private static boolean bothClasses(List<Boolean> ys) {
    return ys.contains(Boolean.TRUE) && ys.contains(Boolean.FALSE);
  }

  private static Calibration.Models orElse(Calibration.Models fitted, Calibration.Models next, String pair,
      String nextPair) {
    if (fitted != null) {
      return fitted;
    }
    LOG.warn("Too few inquiries were scored with what the {} models read (at least {} with right and "
        + "wrong answers among them); they are the models {} instead", pair, RankerFit.MIN_INQUIRIES, nextPair);
    return next;
  }
}
