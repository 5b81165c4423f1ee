package io.ticketflow.match;

import io.ticketflow.match.EvalFiles.LabelledQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a {@link Calibration} on labelled inquiries against an indexed FAQ: the ranker on the
 * candidate lists of the inquiries whose right entry is among their candidates
 * ({@link RankerFit}), the acceptor on each inquiry's best candidate (out-of-scope inquiries are
 * always wrong to answer), then each matcher's threshold on the same inquiries for the target
 * false-accept rate. Fit on validation data, evaluate elsewhere.
 */
public final class Calibrator {

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
    List<double[]> xs = new ArrayList<>();
    List<Boolean> ys = new ArrayList<>();
    List<RankerFit.Inquiry> inquiries = new ArrayList<>();
    for (LabelledSet set : sets) {
      for (int i = 0; i < set.queries().size(); i++) {
        LabelledQuery q = set.queries().get(i);
        List<Signals> signals = probe.signals(set.tenantId(), q.text());
        queries.add(q);
        perQuery.add(signals);
        List<double[]> candidates = new ArrayList<>();
        int right = -1;
        for (Signals s : signals) {
          if (!s.exact()) {
            boolean expected = s.faqId().equals(q.expected());
            if (expected) {
              right = candidates.size();
            }
            double[] x = Features.ranker(s);
            candidates.add(x);
            xs.add(x);
            ys.add(expected);
          }
        }
        // The position in its file: the same inquiry asked of two FAQs falls into the same fold.
        inquiries.add(new RankerFit.Inquiry(i, candidates, right));
        progress.run();
      }
    }
    requireBothClasses(ys, "candidates");
    LinearModel ranker = RankerFit.fit(inquiries, xs, ys, Features.rankerNonNegative());

    // Stage two: the ranker's best candidate of each inquiry, labelled by whether answering with
    // it would be right (out-of-scope inquiries are always wrong to answer).
    List<double[]> topXs = new ArrayList<>();
    List<Boolean> topYs = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      List<Signals> ranked = perQuery.get(i).stream().filter(s -> !s.exact())
          .sorted(java.util.Comparator.comparingDouble((Signals s) -> ranker.probability(Features.ranker(s))).reversed())
          .toList();
      if (ranked.isEmpty()) {
        continue;
      }
      double top = ranker.probability(Features.ranker(ranked.get(0)));
      double second = ranked.size() > 1 ? ranker.probability(Features.ranker(ranked.get(1))) : 0;
      topXs.add(Features.acceptor(ranked.get(0), top, top - second));
      topYs.add(ranked.get(0).faqId().equals(queries.get(i).expected()));
    }
    requireBothClasses(topYs, "best candidates");
    LinearModel acceptor = LogisticRegression.fit(topXs, topYs, Features.acceptorNonNegative());
    Calibration fitted = new Calibration(version, fittedOn, Features.RANKER, ranker, Features.ACCEPTOR,
        acceptor, targetFalseAcceptRate, Map.of());
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

  private static void requireBothClasses(List<Boolean> ys, String what) {
    if (!ys.contains(Boolean.TRUE) || !ys.contains(Boolean.FALSE)) {
      throw new IllegalArgumentException("fitting needs both right and wrong " + what
          + "; are the queries' expected ids in this FAQ, and are some answered wrongly or out of scope?");
    }
  }
}
