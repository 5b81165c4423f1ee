package io.ticketflow.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.Route;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountedFeedbackTest {
  private static final RememberedOutcome OUTCOME = new RememberedOutcome(Route.FAQ, "acme", "hours", 42L);

  @Test
  void keepsTheIdsAndExpiresWithTheOutcome() {
    String one = CountedFeedback.encode(List.of(), "f1", OUTCOME);
    String two = CountedFeedback.encode(CountedFeedback.decode(one), "f2", OUTCOME);
    assertThat(CountedFeedback.decode(two)).containsExactly("f1", "f2");
    assertThat(CountedFeedback.decode(null)).isEmpty();
    assertThat(RememberedOutcome.decode(two).decidedAt()).as("swept with the outcome").isEqualTo(42L);
    assertThat(CountedFeedback.key("q1")).isNotEqualTo("q1").startsWith("q1");
  }

  @Test
  void keepsTheNewestIdsOnly() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < CountedFeedback.MAX + 2; i++) {
      ids = CountedFeedback.decode(CountedFeedback.encode(ids, "f" + i, OUTCOME));
    }
    assertThat(ids).hasSize(CountedFeedback.MAX).startsWith("f2").endsWith("f" + (CountedFeedback.MAX + 1));
  }

  /**
   * The stored value is an outcome in the earlier encoding, undecided, of no tenant: a processor of
   * an earlier version restoring this store reads it without harm (nothing it joins or counts).
   */
  @Test
  void anEarlierVersionReadsTheValueAsAnUndecidedOutcome() {
    RememberedOutcome asRead = RememberedOutcome.decode(CountedFeedback.encode(List.of("f1"), "f2", OUTCOME));
    assertThat(asRead.decided()).isFalse();
    assertThat(asRead.tenantId()).isNull();
    assertThat(RememberedOutcome.decode(OUTCOME.encode())).isEqualTo(OUTCOME);
  }
}
