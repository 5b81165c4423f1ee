package io.ticketflow.match;

import java.util.List;

/**
 * A listwise ranker: McFadden's conditional logit, {@code P(candidate i | inquiry) = exp(w·xᵢ) /
 * Σⱼ exp(w·xⱼ)} over one inquiry's candidates, fitted by projected Newton steps on standardized
 * features with L2 regularization. Unlike a pointwise logistic regression, which spends its fit on
 * separating the many easy wrong candidates from right ones across inquiries, it only learns what
 * puts the right candidate above the others of the same inquiry — which is what a ranker is for.
 * Written by hand for the same reason as {@link LogisticRegression}.
 */
final class ConditionalLogit {

  private static final int MAX_ITERATIONS = 100;

  private ConditionalLogit() {}

  /**
   * @param groups each inquiry's candidate feature vectors (inquiries with at least two candidates)
   * @param positives the index of the right candidate in each group
   * @param nonNegative which weights must stay ≥ 0
   * @return a {@link LinearModel} whose {@code weights} order candidates; its bias is 0 and its
   *     probability only orders, it is not calibrated
   */
  static LinearModel fit(List<List<double[]>> groups, List<Integer> positives, boolean[] nonNegative, double l2) {
    if (groups.isEmpty() || groups.size() != positives.size()) {
      throw new IllegalArgumentException("need one right candidate per inquiry, and at least one inquiry");
    }
    int d = groups.get(0).get(0).length;
    double[][] standardization = LogisticRegression.meanAndScale(groups.stream().flatMap(List::stream).toList());
    double[] mean = standardization[0];
    double[] scale = standardization[1];
    int m = groups.size();
    double[][][] z = new double[m][][];
    int[] pos = new int[m];
    for (int gi = 0; gi < m; gi++) {
      List<double[]> g = groups.get(gi);
      z[gi] = new double[g.size()][d];
      for (int i = 0; i < g.size(); i++) {
        for (int j = 0; j < d; j++) {
          z[gi][i][j] = (g.get(i)[j] - mean[j]) / scale[j];
        }
      }
      pos[gi] = positives.get(gi);
    }
    double[] w = new double[d];
    double objective = objective(z, pos, w, l2);
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double[] grad = new double[d];
      double[][] hess = new double[d][d];
      for (int gi = 0; gi < m; gi++) {
        double[] p = softmax(z[gi], w);
        double[] expected = new double[d];
        for (int i = 0; i < p.length; i++) {
          for (int j = 0; j < d; j++) {
            expected[j] += p[i] * z[gi][i][j];
          }
        }
        for (int a = 0; a < d; a++) {
          grad[a] += z[gi][pos[gi]][a] - expected[a];
        }
        for (int i = 0; i < p.length; i++) {
          for (int a = 0; a < d; a++) {
            double da = z[gi][i][a] - expected[a];
            for (int b = 0; b <= a; b++) {
              hess[a][b] += p[i] * da * (z[gi][i][b] - expected[b]);
            }
          }
        }
      }
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < a; b++) {
          hess[b][a] = hess[a][b];
        }
        grad[a] -= l2 * m * w[a];
        hess[a][a] += l2 * m;
      }
      double[] step = LogisticRegression.solve(hess, grad);
      // Projected Newton can overshoot at the bounds: halve the step until the objective improves.
      double[] next = new double[d];
      double nextObjective = Double.NEGATIVE_INFINITY;
      for (double t = 1; t > 1e-6; t /= 2) {
        for (int a = 0; a < d; a++) {
          next[a] = w[a] + t * step[a];
          if (nonNegative[a] && next[a] < 0) {
            next[a] = 0;
          }
        }
        nextObjective = objective(z, pos, next, l2);
        if (nextObjective >= objective) {
          break;
        }
      }
      if (nextObjective < objective) {
        break; // no ascent direction left within the bounds
      }
      double change = 0;
      for (int a = 0; a < d; a++) {
        change = Math.max(change, Math.abs(next[a] - w[a]));
      }
      w = next;
      boolean converged = nextObjective - objective < 1e-10 * Math.max(1, Math.abs(objective)) || change < 1e-8;
      objective = nextObjective;
      if (converged) {
        break;
      }
    }
    return new LinearModel(mean, scale, w, 0);
  }

  /** The penalized log-likelihood: Σ log P(right candidate) − l2·m/2·|w|². */
  private static double objective(double[][][] z, int[] pos, double[] w, double l2) {
    double sum = 0;
    for (int gi = 0; gi < z.length; gi++) {
      sum += Math.log(Math.max(softmax(z[gi], w)[pos[gi]], 1e-300));
    }
    double norm = 0;
    for (double x : w) {
      norm += x * x;
    }
    return sum - 0.5 * l2 * z.length * norm;
  }

  private static double[] softmax(double[][] z, double[] w) {
    double[] s = new double[z.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < z.length; i++) {
      for (int j = 0; j < w.length; j++) {
        s[i] += w[j] * z[i][j];
      }
      max = Math.max(max, s[i]);
    }
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.exp(s[i] - max);
      sum += s[i];
    }
    for (int i = 0; i < s.length; i++) {
      s[i] /= sum;
    }
    return s;
  }
}
