package io.ticketflow.match;

import java.util.List;

/**
 * L2-regularized logistic regression fitted by Newton's method (IRLS) on standardized features.
 * Written by hand because it is ~80 lines, exact for a dozen features, and every Central library
 * that offers it (Smile, Tribuo, Weka) would bring tens of megabytes for this one fit.
 */
final class LogisticRegression {

  private static final double L2 = 1e-2;
  private static final int MAX_ITERATIONS = 50;

  private LogisticRegression() {}

  static LinearModel fit(List<double[]> xs, List<Boolean> ys) {
    return fit(xs, ys, new boolean[xs.isEmpty() ? 0 : xs.get(0).length]);
  }

  /**
   * Fits with the weights marked in {@code nonNegative} kept ≥ 0 (each Newton step is projected
   * back), so that more evidence can never lower a probability — monotonicity by construction,
   * whatever collinearity the data has (best and top-3 cosine move together).
   */
  static LinearModel fit(List<double[]> xs, List<Boolean> ys, boolean[] nonNegative) {
    if (xs.isEmpty() || xs.size() != ys.size()) {
      throw new IllegalArgumentException("need as many labels as examples, and at least one");
    }
    int n = xs.size();
    int d = xs.get(0).length;
    double[][] standardization = meanAndScale(xs);
    double[] mean = standardization[0];
    double[] scale = standardization[1];
    double[][] z = new double[n][d + 1];
    for (int i = 0; i < n; i++) {
      z[i][d] = 1.0; // intercept, not regularized
      for (int j = 0; j < d; j++) {
        z[i][j] = (xs.get(i)[j] - mean[j]) / scale[j];
      }
    }
    double[] w = new double[d + 1];
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double[] grad = new double[d + 1];
      double[][] hess = new double[d + 1][d + 1];
      for (int i = 0; i < n; i++) {
        double p = sigmoid(dot(w, z[i]));
        double err = (ys.get(i) ? 1 : 0) - p;
        double wt = Math.max(p * (1 - p), 1e-9);
        for (int a = 0; a <= d; a++) {
          grad[a] += err * z[i][a];
          for (int b = 0; b <= a; b++) {
            hess[a][b] += wt * z[i][a] * z[i][b];
          }
        }
      }
      for (int a = 0; a <= d; a++) {
        for (int b = 0; b < a; b++) {
          hess[b][a] = hess[a][b];
        }
        if (a < d) {
          grad[a] -= L2 * n * w[a];
          hess[a][a] += L2 * n;
        }
      }
      double[] step = solve(hess, grad);
      double change = 0;
      for (int a = 0; a <= d; a++) {
        double next = w[a] + step[a];
        if (a < d && nonNegative[a] && next < 0) {
          next = 0;
        }
        change = Math.max(change, Math.abs(next - w[a]));
        w[a] = next;
      }
      if (change < 1e-8) {
        break;
      }
    }
    double[] weights = new double[d];
    System.arraycopy(w, 0, weights, 0, d);
    return new LinearModel(mean, scale, weights, w[d]);
  }

  /**
   * Each feature's mean and standard deviation over {@code xs} ({@code [mean, scale]}); a constant
   * feature gets scale 1, so it stays inert. Both linear models standardize this way.
   */
  static double[][] meanAndScale(List<double[]> xs) {
    int n = xs.size();
    int d = xs.get(0).length;
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (double[] x : xs) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[j] / n;
      }
    }
    for (double[] x : xs) {
      for (int j = 0; j < d; j++) {
        scale[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1.0;
    }
    return new double[][] {mean, scale};
  }

  static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Gaussian elimination with partial pivoting; the Hessian is positive definite thanks to L2. */
  static double[] solve(double[][] m, double[] v) {
    int n = v.length;
    double[][] a = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], 0, a[i], 0, n);
      a[i][n] = v[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
          pivot = r;
        }
      }
      double[] tmp = a[c];
      a[c] = a[pivot];
      a[pivot] = tmp;
      double diag = Math.abs(a[c][c]) < 1e-12 ? 1e-12 : a[c][c];
      for (int r = c + 1; r < n; r++) {
        double f = a[r][c] / diag;
        for (int k = c; k <= n; k++) {
          a[r][k] -= f * a[c][k];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = a[r][n];
      for (int k = r + 1; k < n; k++) {
        s -= a[r][k] * x[k];
      }
      x[r] = s / (Math.abs(a[r][r]) < 1e-12 ? 1e-12 : a[r][r]);
    }
    return x;
  }
}
