package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LbfgsTest {

  @Test
  void findsTheMinimumOfAnIllConditionedQuadratic() {
    int n = 40;
    double[] target = new double[n];
    double[] curvature = new double[n];
    for (int i = 0; i < n; i++) {
      target[i] = Math.sin(i + 1);
      curvature[i] = Math.pow(10, 3.0 * i / (n - 1)); // condition number 1,000
    }
    double[] x = Lbfgs.minimize((p, g) -> {
      double f = 0;
      for (int i = 0; i < n; i++) {
        double d = p[i] - target[i];
        f += 0.5 * curvature[i] * d * d;
        g[i] = curvature[i] * d;
      }
      return f;
    }, new double[n], 200);
    for (int i = 0; i < n; i++) {
      assertThat(x[i]).as("coordinate %d", i).isCloseTo(target[i], within(1e-4));
    }
  }

  @Test
  void followsTheRosenbrockValleyToItsMinimum() {
    double[] x = Lbfgs.minimize(LbfgsTest::rosenbrock, new double[] {-1.2, 1}, 500);
    assertThat(x[0]).isCloseTo(1, within(1e-3));
    assertThat(x[1]).isCloseTo(1, within(1e-3));
  }

  @Test
  void stopsAfterTheGivenNumberOfIterations() {
    int[] evaluations = {0};
    double[] x = Lbfgs.minimize((p, g) -> {
      evaluations[0]++;
      return rosenbrock(p, g);
    }, new double[] {-1.2, 1}, 1);
    // One step from the start: the start's evaluation plus one line search (at most 30 halvings).
    assertThat(evaluations[0]).isBetween(2, 31);
    assertThat(Math.abs(x[0] - 1)).as("far from the minimum after one step").isGreaterThan(0.5);
  }

  /** Rosenbrock's banana function, minimum 0 at (1, 1) at the end of a long curved valley. */
  private static double rosenbrock(double[] p, double[] g) {
    double a = 1 - p[0];
    double b = p[1] - p[0] * p[0];
    g[0] = -2 * a - 400 * p[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  }
}
