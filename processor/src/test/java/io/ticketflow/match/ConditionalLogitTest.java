package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConditionalLogitTest {

  /**
   * Synthetic inquiries of five candidates drawn from a known conditional logit: utility
   * {@code 3·a + 1·b}, plus an inquiry-level feature {@code c} that is the same for all of an
   * inquiry's candidates (like "was the inquiry Chinese").
   */
  private record Synthetic(List<List<double[]>> groups, List<Integer> rights) {

    static Synthetic draw(long seed, int inquiries) {
      Random random = new Random(seed);
      List<List<double[]>> groups = new ArrayList<>();
      List<Integer> rights = new ArrayList<>();
      for (int q = 0; q < inquiries; q++) {
        double c = random.nextGaussian();
        List<double[]> g = new ArrayList<>();
        double[] utility = new double[5];
        double sum = 0;
        for (int i = 0; i < 5; i++) {
          double a = random.nextGaussian() + 5 * c; // its level moves with the inquiry
          double b = random.nextGaussian();
          g.add(new double[] {a, b, c});
          utility[i] = Math.exp(3 * (a - 5 * c) + b);
          sum += utility[i];
        }
        double u = random.nextDouble() * sum;
        int right = 0;
        while (right < 4 && (u -= utility[right]) > 0) {
          right++;
        }
        groups.add(g);
        rights.add(right);
      }
      return new Synthetic(groups, rights);
    }
  }

  @Test
  void recoversTheUtilityOfAKnownModel() {
    Synthetic s = Synthetic.draw(1, 3000);
    LinearModel m = ConditionalLogit.fit(s.groups(), s.rights(), new boolean[3], 1e-4);

    double a = m.weights()[0] / m.scale()[0];
    double b = m.weights()[1] / m.scale()[1];
    assertThat(a).isBetween(2.6, 3.4);
    assertThat(b).isBetween(0.8, 1.2);
    // A feature that is the same for every candidate of an inquiry cannot order them: it stays inert.
    assertThat(m.weights()[2]).isCloseTo(0.0, within(1e-6));
  }

  @Test
  void ranksHeldOutInquiriesAsWellAsTheTrueModel() {
    Synthetic train = Synthetic.draw(2, 2000);
    Synthetic test = Synthetic.draw(3, 2000);
    LinearModel m = ConditionalLogit.fit(train.groups(), train.rights(), new boolean[3], 1e-3);

    int fitted = 0;
    int truth = 0;
    for (int q = 0; q < test.groups().size(); q++) {
      List<double[]> g = test.groups().get(q);
      int bestFitted = 0;
      int bestTruth = 0;
      for (int i = 1; i < g.size(); i++) {
        if (m.probability(g.get(i)) > m.probability(g.get(bestFitted))) {
          bestFitted = i;
        }
        if (3 * g.get(i)[0] + g.get(i)[1] > 3 * g.get(bestTruth)[0] + g.get(bestTruth)[1]) {
          bestTruth = i;
        }
      }
      fitted += bestFitted == test.rights().get(q) ? 1 : 0;
      truth += bestTruth == test.rights().get(q) ? 1 : 0;
    }
    assertThat(fitted).isGreaterThanOrEqualTo(truth - 20);
  }

  @Test
  void nonNegativeWeightsStayNonNegative() {
    Random random = new Random(5);
    List<List<double[]>> groups = new ArrayList<>();
    List<Integer> rights = new ArrayList<>();
    for (int q = 0; q < 1000; q++) {
      List<double[]> g = new ArrayList<>();
      int right = random.nextInt(4);
      for (int i = 0; i < 4; i++) {
        double a = random.nextGaussian() + (i == right ? 2 : 0);
        double b = a + 0.5 * random.nextGaussian() - (i == right ? 1 : 0); // its own part points away
        g.add(new double[] {a, b});
      }
      groups.add(g);
      rights.add(right);
    }
    assertThat(ConditionalLogit.fit(groups, rights, new boolean[2], 1e-3).weights()[1]).isNegative();
    LinearModel constrained = ConditionalLogit.fit(groups, rights, new boolean[] {true, true}, 1e-3);
    assertThat(constrained.weights()[1]).isGreaterThanOrEqualTo(0.0);
    assertThat(constrained.weights()[0]).isPositive();
  }

  @Test
  void rankerFitKeepsTheListwiseOrderAndGivesProbabilities() {
    Synthetic s = Synthetic.draw(4, 600);
    List<RankerFit.Inquiry> inquiries = new ArrayList<>();
    List<double[]> xs = new ArrayList<>();
    List<Boolean> ys = new ArrayList<>();
    for (int q = 0; q < s.groups().size(); q++) {
      inquiries.add(new RankerFit.Inquiry(q, s.groups().get(q), s.rights().get(q)));
      for (int i = 0; i < s.groups().get(q).size(); i++) {
        xs.add(s.groups().get(q).get(i));
        ys.add(i == s.rights().get(q));
      }
    }
    boolean[] monotone = {true, true, false};
    LinearModel ranker = RankerFit.fit(inquiries, xs, ys, monotone);
    double l2 = RankerFit.chooseL2(inquiries, monotone);
    LinearModel order = ConditionalLogit.fit(s.groups(), s.rights(), monotone, l2);

    // Same direction as the listwise model: the probability only rescales its score.
    for (int j = 0; j < 2; j++) {
      assertThat(ranker.weights()[j] / ranker.weights()[0])
          .isCloseTo(order.weights()[j] / order.weights()[0], within(1e-9));
    }
    // One right candidate in five: the mean probability is about a fifth.
    double mean = xs.stream().mapToDouble(ranker::probability).average().orElseThrow();
    assertThat(mean).isBetween(0.15, 0.25);
  }

  @Test
  void tooFewInquiriesFallBackToThePointwiseFit() {
    Synthetic s = Synthetic.draw(6, RankerFit.MIN_INQUIRIES - 1);
    List<RankerFit.Inquiry> inquiries = new ArrayList<>();
    List<double[]> xs = new ArrayList<>();
    List<Boolean> ys = new ArrayList<>();
    for (int q = 0; q < s.groups().size(); q++) {
      inquiries.add(new RankerFit.Inquiry(q, s.groups().get(q), s.rights().get(q)));
      for (int i = 0; i < 5; i++) {
        xs.add(s.groups().get(q).get(i));
        ys.add(i == s.rights().get(q));
      }
    }
    boolean[] monotone = new boolean[3];
    assertThat(RankerFit.fit(inquiries, xs, ys, monotone).weights())
        .containsExactly(LogisticRegression.fit(xs, ys, monotone).weights());
  }
}
