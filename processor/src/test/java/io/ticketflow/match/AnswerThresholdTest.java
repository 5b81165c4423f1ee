package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.AnswerThreshold.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerThresholdTest {

  @Test
  void acceptsAtMostTheTargetShareOfOutOfScopeInquiries() {
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      outcomes.add(new Outcome(i / 20.0, false, true)); // out of scope, 0.05 .. 1.0
      outcomes.add(new Outcome(0.9, true, false));
    }
    double t = AnswerThreshold.pick(outcomes, 0.10);
    long accepted = outcomes.stream().filter(o -> o.outOfScope() && o.confidence() >= t).count();
    assertThat(accepted).isEqualTo(2);
    assertThat(t).isGreaterThan(0.90).isLessThanOrEqualTo(0.95);
  }

  @Test
  void withoutOutOfScopeInquiriesWrongAnswersStandIn() {
    List<Outcome> outcomes = List.of(new Outcome(0.3, false, false), new Outcome(0.8, true, false),
        new Outcome(0.9, true, false));
    assertThat(AnswerThreshold.pick(outcomes, 0.0)).isGreaterThan(0.3).isLessThan(0.8);
  }
}
