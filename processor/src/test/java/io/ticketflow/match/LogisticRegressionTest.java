package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

  @Test
  void recoversTheDirectionOfASyntheticSignalAndIgnoresNoise() {
    Random random = new Random(42);
    List<double[]> xs = new ArrayList<>();
    List<Boolean> ys = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double signal = random.nextGaussian();
      double noise = random.nextGaussian();
      double p = LogisticRegression.sigmoid(3 * signal - 1);
      xs.add(new double[] {signal, noise, 7.0});
      ys.add(random.nextDouble() < p);
    }
    LinearModel m = LogisticRegression.fit(xs, ys);

    double signalWeight = m.weights()[0] / m.scale()[0];
    assertThat(signalWeight).isBetween(2.4, 3.6);
    assertThat(Math.abs(m.weights()[1])).isLessThan(0.3);
    assertThat(m.weights()[2]).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9)); // a constant feature stays inert
  }

  @Test
  void nonNegativeWeightsStayNonNegativeEvenWhenTheDataPullsThemDown() {
    Random random = new Random(7);
    List<double[]> xs = new ArrayList<>();
    List<Boolean> ys = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      double a = random.nextGaussian();
      double b = a + 0.5 * random.nextGaussian(); // correlated with a, but its own part lowers the label
      xs.add(new double[] {a, b});
      ys.add(random.nextDouble() < LogisticRegression.sigmoid(3 * a - 2 * b));
    }
    assertThat(LogisticRegression.fit(xs, ys).weights()[1]).isNegative();
    LinearModel constrained = LogisticRegression.fit(xs, ys, new boolean[] {true, true});
    assertThat(constrained.weights()[1]).isGreaterThanOrEqualTo(0.0);
    assertThat(constrained.weights()[0]).isPositive();
  }

  @Test
  void fittedProbabilitiesFollowTheLabels() {
    List<double[]> xs = List.of(new double[] {0}, new double[] {1}, new double[] {2}, new double[] {3},
        new double[] {4}, new double[] {5});
    List<Boolean> ys = List.of(false, false, true, false, true, true);
    LinearModel m = LogisticRegression.fit(xs, ys);
    assertThat(m.weights()[0]).isPositive();
  }
}
