package io.ticketflow.match;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex objectives such
 * as {@link EntryClassifier}'s. Written here because none of the optimizers on the project's
 * dependency list has it (Commons Math 3 offers nonlinear conjugate gradient only, and is not a
 * dependency); the fits with few parameters use Newton's method ({@link LogisticRegression}).
 * Deterministic: the same objective and start give the same result.
 */
final class Lbfgs {

  /** An objective: returns f(x) and writes its gradient into {@code gradient}. */
  @FunctionalInterface
  interface Objective {
    double evaluate(double[] x, double[] gradient);
  }

  /** Correction pairs kept. */
  private static final int MEMORY = 7;
  private static final double ARMIJO = 1e-4;
  private static final int MAX_BACKTRACKS = 30;
  /** Stop when the gradient's norm falls below this share of max(1, |x|). */
  private static final double TOLERANCE = 1e-6;

  private Lbfgs() {}

  /** Minimizes {@code f} from {@code start} (overwritten) in at most {@code iterations} steps. */
  static double[] minimize(Objective f, double[] start, int iterations) {
    int n = start.length;
    double[] x = start;
    double[] g = new double[n];
    double fx = f.evaluate(x, g);
    double[][] s = new double[MEMORY][];
    double[][] y = new double[MEMORY][];
    double[] rho = new double[MEMORY];
    double[] alpha = new double[MEMORY];
    int stored = 0;
    int newest = -1;
    double[] xNext = new double[n];
    double[] gNext = new double[n];
    for (int it = 0; it < iterations; it++) {
      if (norm(g) <= TOLERANCE * Math.max(1, norm(x))) {
        break;
      }
      // Two-loop recursion: direction = −H·g.
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] = -g[i];
      }
      for (int k = 0; k < stored; k++) {
        int j = Math.floorMod(newest - k, MEMORY);
        alpha[j] = rho[j] * dot(s[j], d);
        axpy(-alpha[j], y[j], d);
      }
      if (stored > 0) {
        scale(d, dot(s[newest], y[newest]) / dot(y[newest], y[newest]));
      } else {
        scale(d, 1 / Math.max(1e-12, norm(g)));
      }
      for (int k = stored - 1; k >= 0; k--) {
        int j = Math.floorMod(newest - k, MEMORY);
        double beta = rho[j] * dot(y[j], d);
        axpy(alpha[j] - beta, s[j], d);
      }
      double slope = dot(g, d);
      if (slope >= 0) { // not a descent direction (numerical trouble): restart from steepest descent
        stored = 0;
        double gNorm = Math.max(1e-12, norm(g));
        for (int i = 0; i < n; i++) {
          d[i] = -g[i] / gNorm;
        }
        slope = dot(g, d);
      }
      double step = 1;
      double fNext = Double.NaN;
      boolean accepted = false;
      for (int b = 0; b < MAX_BACKTRACKS; b++) {
        for (int i = 0; i < n; i++) {
          xNext[i] = x[i] + step * d[i];
        }
        fNext = f.evaluate(xNext, gNext);
        if (fNext <= fx + ARMIJO * step * slope) {
          accepted = true;
          break;
        }
        step /= 2;
      }
      if (!accepted) {
        break;
      }
      newest = (newest + 1) % MEMORY;
      s[newest] = new double[n];
      y[newest] = new double[n];
      for (int i = 0; i < n; i++) {
        s[newest][i] = xNext[i] - x[i];
        y[newest][i] = gNext[i] - g[i];
      }
      double sy = dot(s[newest], y[newest]);
      if (sy > 1e-12) {
        rho[newest] = 1 / sy;
        stored = Math.min(MEMORY, stored + 1);
      } else { // curvature condition failed: forget the history
        stored = 0;
        newest = -1;
      }
      System.arraycopy(xNext, 0, x, 0, n);
      System.arraycopy(gNext, 0, g, 0, n);
      fx = fNext;
    }
    return x;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static void scale(double[] a, double by) {
    for (int i = 0; i < a.length; i++) {
      a[i] *= by;
    }
  }
}
