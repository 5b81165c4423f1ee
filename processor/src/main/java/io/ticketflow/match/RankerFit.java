package io.ticketflow.match;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the hybrid matcher's ranker. The order of the candidates comes from a listwise model
 * ({@link ConditionalLogit}) fitted on the inquiries whose right entry is among their candidates,
 * its L2 strength picked by 5-fold cross-validation on those inquiries (held-out top-1); its score
 * is then mapped to a probability by a one-feature logistic regression over all candidates, so the
 * ranker's output stays a calibrated "is this the right entry" probability for the acceptor.
 *
 * <p>Why listwise: fitted on the same CLINC150 validation inquiries, the pointwise logistic
 * regression used before ranked 86.5 % of the CLINC150 5-shot test inquiries first, this one
 * 88.9 % (docs/quality.md). A pointwise fit spends itself on the many easy wrong candidates; a
 * ranker only has to put the right candidate above the others of the same inquiry.
 */
final class RankerFit {

  private static final Logger LOG = LoggerFactory.getLogger(RankerFit.class);

  /** L2 strengths tried, strongest first (a tie keeps the stronger one). */
  static final double[] L2_GRID = {1e-1, 3e-2, 1e-2, 3e-3, 1e-3};
  static final int FOLDS = 5;
  /** Below this many usable inquiries a listwise fit and its cross-validation are noise. */
  static final int MIN_INQUIRIES = 50;

  /**
   * One labelled inquiry's candidates (feature vectors, exact hits left out).
   *
   * @param position where the inquiry is in its file; inquiries are split into folds by it
   * @param right the index of the expected entry among the candidates, or -1
   */
  record Inquiry(int position, List<double[]> candidates, int right) {

    boolean rankable() {
      return right >= 0 && candidates.size() > 1;
    }
  }

  private RankerFit() {}

  /**
   * @param xs every candidate of every inquiry (also those that cannot train the order)
   * @param ys whether each of {@code xs} is its inquiry's expected entry
   */
  static LinearModel fit(List<Inquiry> inquiries, List<double[]> xs, List<Boolean> ys, boolean[] nonNegative) {
    List<Inquiry> rankable = inquiries.stream().filter(Inquiry::rankable).toList();
    if (rankable.size() < MIN_INQUIRIES) {
      LOG.info("ranker: {} inquiries with the right entry among several candidates (< {}), "
          + "fitting a pointwise logistic regression", rankable.size(), MIN_INQUIRIES);
      return LogisticRegression.fit(xs, ys, nonNegative);
    }
    double l2 = chooseL2(rankable, nonNegative);
    LinearModel order = ConditionalLogit.fit(candidates(rankable), rights(rankable), nonNegative, l2);
    List<double[]> scores = new ArrayList<>(xs.size());
    for (double[] x : xs) {
      scores.add(new double[] {order.score(x)});
    }
    LinearModel link = LogisticRegression.fit(scores, ys, new boolean[] {true});
    double slope = link.weights()[0] / link.scale()[0];
    if (!(slope > 0)) {
      LOG.warn("ranker: the listwise score does not separate right from wrong candidates; "
          + "fitting a pointwise logistic regression");
      return LogisticRegression.fit(xs, ys, nonNegative);
    }
    double[] weights = order.weights().clone();
    for (int j = 0; j < weights.length; j++) {
      weights[j] *= slope;
    }
    return new LinearModel(order.mean(), order.scale(), weights, link.bias() - slope * link.mean()[0]);
  }

  /** The L2 strength with the most held-out inquiries ranked right, over {@link #FOLDS} folds. */
  static double chooseL2(List<Inquiry> rankable, boolean[] nonNegative) {
    double best = L2_GRID[0];
    int bestRight = -1;
    for (double l2 : L2_GRID) {
      int right = 0;
      for (int fold = 0; fold < FOLDS; fold++) {
        List<Inquiry> train = new ArrayList<>();
        List<Inquiry> test = new ArrayList<>();
        for (Inquiry q : rankable) {
          (Math.floorMod(q.position(), FOLDS) == fold ? test : train).add(q);
        }
        if (train.isEmpty() || test.isEmpty()) {
          continue;
        }
        LinearModel m = ConditionalLogit.fit(candidates(train), rights(train), nonNegative, l2);
        for (Inquiry q : test) {
          right += argmax(m, q.candidates()) == q.right() ? 1 : 0;
        }
      }
      LOG.info("ranker: L2 {} ranks {} of {} held-out inquiries right", l2, right, rankable.size());
      if (right > bestRight) {
        bestRight = right;
        best = l2;
      }
    }
    LOG.info("ranker: listwise, L2 {} (5-fold cross-validation on {} inquiries)", best, rankable.size());
    return best;
  }

  private static int argmax(LinearModel m, List<double[]> candidates) {
    int best = 0;
    for (int i = 1; i < candidates.size(); i++) {
      if (m.score(candidates.get(i)) > m.score(candidates.get(best))) {
        best = i;
      }
    }
    return best;
  }

  private static List<List<double[]>> candidates(List<Inquiry> inquiries) {
    return inquiries.stream().map(Inquiry::candidates).toList();
  }

  private static List<Integer> rights(List<Inquiry> inquiries) {
    return inquiries.stream().map(Inquiry::right).toList();
  }
}
