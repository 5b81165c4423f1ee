package io.ticketflow.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fuses exact, BM25 and embedding signals with the two fitted models of a {@link Calibration}:
 * candidates are ordered by the ranker, and each one's confidence is the acceptor's probability that
 * answering with it is right (capped so that confidences never rise down the list). An exact
 * wording is certain and comes first.
 */
public final class HybridFaqMatcher extends SignalMatcher {

  private final Calibration calibration;

  public HybridFaqMatcher(FaqLibrary library, Calibration calibration) {
    super(library);
    this.calibration = calibration;
  }

  /** The hybrid matcher on a full library with the shipped default calibration. */
  public static HybridFaqMatcher withDefaults() {
    return new HybridFaqMatcher(FaqLibrary.full(), Calibration.loadDefault());
  }

  public Calibration calibration() {
    return calibration;
  }

  @Override
  public List<Scored> rank(List<Signals> signals) {
    List<Scored> byRank = new ArrayList<>(signals.size());
    for (Signals s : signals) {
      byRank.add(new Scored(s, s.exact() ? 1.0 + 1e-9 : calibration.rankProbability(s)));
    }
    byRank.sort(Comparator.comparingDouble(Scored::score).reversed()
        .thenComparing(sc -> sc.signals().faqId()));
    List<Scored> out = new ArrayList<>(byRank.size());
    double cap = 1.0;
    for (int i = 0; i < byRank.size(); i++) {
      Scored sc = byRank.get(i);
      double confidence;
      if (sc.signals().exact()) {
        confidence = 1.0;
      } else {
        double other = i == 0 ? (byRank.size() > 1 ? byRank.get(1).score() : 0) : byRank.get(0).score();
        double rank = Math.min(1.0, sc.score());
        confidence = calibration.confidence(sc.signals(), rank, rank - Math.min(1.0, other));
      }
      confidence = Math.min(cap, confidence);
      cap = confidence;
      out.add(new Scored(sc.signals(), confidence));
    }
    return out;
  }

  @Override
  protected Signals.Classifiers scoredWith(List<Scored> ranked) {
    // An exact wording is certain without any model.
    return ranked.isEmpty() || ranked.get(0).signals().exact() ? null : ranked.get(0).signals().classifiers();
  }

  @Override
  protected double score(Signals s) {
    throw new UnsupportedOperationException("the hybrid matcher ranks whole candidate lists");
  }

  @Override
  public String name() {
    return "hybrid";
  }
}
