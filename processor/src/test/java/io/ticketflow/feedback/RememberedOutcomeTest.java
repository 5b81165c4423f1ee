package io.ticketflow.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

class RememberedOutcomeTest {

  @Test
  void roundTripsWithAndWithoutFeedback() {
    RememberedOutcome decided = new RememberedOutcome(Route.FAQ, "acme", "hours", 42L);
    assertThat(RememberedOutcome.decode(decided.encode())).isEqualTo(decided);
    RememberedOutcome rated = decided.withFeedback("f1").withFeedback("f2");
    assertThat(RememberedOutcome.decode(rated.encode())).isEqualTo(rated);
    assertThat(rated.feedbackIds()).containsExactly("f1", "f2");
    assertThat(rated.counted("f1")).isTrue();
    assertThat(rated.counted("f3")).isFalse();
    RememberedOutcome seen = RememberedOutcome.seen(7L);
    assertThat(RememberedOutcome.decode(seen.encode())).isEqualTo(seen);
    RememberedOutcome noFaq = new RememberedOutcome(Route.ESCALATED, "acme", null, 1L).withFeedback("f");
    assertThat(RememberedOutcome.decode(noFaq.encode())).isEqualTo(noFaq);
  }

  @Test
  void readsEntriesWrittenBeforeFeedbackWasRemembered() {
    assertThat(RememberedOutcome.decode("42\u001fFAQ\u001facme\u001fhours"))
        .isEqualTo(new RememberedOutcome(Route.FAQ, "acme", "hours", 42L, List.of()));
  }

  @Test
  void keepsTheNewestFeedbackIdsOnly() {
    RememberedOutcome o = new RememberedOutcome(Route.FAQ, "acme", "hours", 1L);
    for (int i = 0; i < RememberedOutcome.MAX_FEEDBACK + 2; i++) {
      o = o.withFeedback("f" + i);
    }
    assertThat(o.feedbackIds()).hasSize(RememberedOutcome.MAX_FEEDBACK).startsWith("f2")
        .endsWith("f" + (RememberedOutcome.MAX_FEEDBACK + 1));
    assertThat(RememberedOutcome.decode(o.encode())).isEqualTo(o);
  }
}
