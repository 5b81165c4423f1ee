package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CostAndBudgetTest {

  @Test
  void costFollowsThePriceTableIncludingDatedSnapshotsAndTheDefault() {
    PriceTable prices = PriceTable.parse("gpt-4o-mini=0.15/0.60, gpt-4o=2.50/10.00");

    assertThat(prices.cost("gpt-4o-mini", 1_000_000, 1_000_000)).isCloseTo(0.75, within(1e-9));
    assertThat(prices.cost("gpt-4o-mini-2024-07-18", 2_000, 1_000)).isCloseTo(0.0009, within(1e-12));
    assertThat(prices.cost("gpt-4o-2024-08-06", 1_000, 0)).isCloseTo(0.0025, within(1e-12));
    assertThat(prices.cost("llama3", 1_000, 1_000)).isZero();
    assertThat(PriceTable.parse("*=1/2").cost("llama3", 1_000_000, 0)).isEqualTo(1.0);
  }

  @Test
  void malformedPriceEntriesAreRejectedWithTheEntry() {
    assertThatThrownBy(() -> PriceTable.parse("gpt-4o=cheap")).hasMessageContaining("gpt-4o=cheap");
    assertThatThrownBy(() -> PriceTable.parse("gpt-4o=a/b")).hasMessageContaining("not a number");
  }

  @Test
  void budgetIsPerTenantAndResetsAtUtcMidnight() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T23:59:00Z"));
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    LlmBudget budget = new LlmBudget(1_000, 0.50, clock);

    budget.record("acme", 600, 0.10);
    assertThat(budget.allows("acme")).isTrue();
    budget.record("acme", 500, 0.10);
    assertThat(budget.allows("acme")).isFalse();
    assertThat(budget.allows("globex")).isTrue();
    budget.record("globex", 10, 0.60);
    assertThat(budget.allows("globex")).as("cost limit").isFalse();

    now.set(Instant.parse("2026-11-27T00:00:01Z"));
    assertThat(budget.allows("acme")).isTrue();
    assertThat(budget.tokensToday("acme")).isZero();
  }
}
