package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ticketflow.testing.SettableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
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

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-26T23:59:00Z"));

  @Test
  void budgetIsPerTenantAndResetsAtUtcMidnight() {
    LlmBudget budget = new LlmBudget(1_000, 0.50, clock);
    budget.restore("0_0", 0, Map.of());

    budget.record("0_0", "acme", 600, 0.10);
    assertThat(budget.allows("acme")).isTrue();
    budget.record("0_0", "acme", 500, 0.10);
    assertThat(budget.allows("acme")).isFalse();
    assertThat(budget.allows("globex")).isTrue();
    budget.record("0_0", "globex", 10, 0.60);
    assertThat(budget.allows("globex")).as("cost limit").isFalse();

    clock.set(Instant.parse("2026-11-27T00:00:01Z"));
    assertThat(budget.allows("acme")).isTrue();
    assertThat(budget.tokensToday("acme")).isZero();
  }

  @Test
  void theSpendOfTheTasksHeldHereCountsRestoredWithTheTaskAndGoneWithIt() {
    LlmBudget budget = new LlmBudget(1_000, 0, clock);
    LocalDate today = LocalDate.of(2026, 11, 26);
    budget.restore("0_0", 0, Map.of("acme", new LlmBudget.Spent(today, 700, 0.2),
        "globex", new LlmBudget.Spent(today.minusDays(1), 5_000, 9.0)));
    budget.restore("0_1", 1, Map.of());

    assertThat(budget.tokensToday("acme")).isEqualTo(700);
    assertThat(budget.allows("globex")).as("yesterday's spend is not today's").isTrue();
    budget.record("0_1", "acme", 400, 0.1);
    assertThat(budget.tokensToday("acme")).isEqualTo(1_100);
    assertThat(budget.usdToday("acme")).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(budget.allows("acme")).isFalse();

    budget.release("0_0");
    assertThat(budget.tokensToday("acme")).as("task 0_0 left this instance").isEqualTo(400);
    assertThat(budget.allows("acme")).isTrue();
    budget.record("0_0", "acme", 900, 0.1);
    assertThat(budget.tokensToday("acme")).as("a late call of a task held elsewhere now").isEqualTo(400);

    budget.restore("0_1", 1, Map.of("acme", new LlmBudget.Spent(today, 50, 0.0)));
    assertThat(budget.tokensToday("acme")).as("a restore replaces the task's spend").isEqualTo(50);
  }

  @Test
  void theOtherInstancesSpendCountsAsTheChangelogShowsItForPartitionsNotHeldHere() {
    LlmBudget budget = new LlmBudget(1_000, 0, clock);
    LocalDate today = LocalDate.of(2026, 11, 26);
    budget.restore("0_0", 0, Map.of("acme", new LlmBudget.Spent(today, 300, 0.0)));

    budget.logged(1, today, "acme", new LlmBudget.Spent(today, 600, 0.0));
    assertThat(budget.tokensToday("acme")).as("partition 1 is held by another instance").isEqualTo(900);
    budget.logged(0, today, "acme", new LlmBudget.Spent(today, 250, 0.0));
    assertThat(budget.tokensToday("acme")).as("partition 0 is held here: its own count is current").isEqualTo(900);
    budget.logged(2, today.minusDays(1), "acme", new LlmBudget.Spent(today.minusDays(1), 5_000, 0.0));
    assertThat(budget.tokensToday("acme")).as("yesterday's spend elsewhere").isEqualTo(900);
    budget.logged(1, today, "acme", new LlmBudget.Spent(today, 700, 0.0));
    assertThat(budget.allows("acme")).isFalse();

    budget.release("0_0");
    assertThat(budget.tokensToday("acme")).as("partition 0 left: as its changelog shows it").isEqualTo(950);
    budget.logged(1, today.minusDays(1), "acme", null);
    assertThat(budget.tokensToday("acme")).as("a tombstone of yesterday leaves today's spend").isEqualTo(950);
    budget.logged(1, today, "acme", null);
    assertThat(budget.tokensToday("acme")).isEqualTo(250);
    assertThat(budget.allows("acme")).isTrue();
  }

  @Test
  void withoutALimitEveryCallIsAllowed() {
    LlmBudget budget = new LlmBudget(0, 0, clock);
    budget.logged(1, LocalDate.of(2026, 11, 26), "acme", new LlmBudget.Spent(LocalDate.of(2026, 11, 26), 1L << 40, 1e9));
    assertThat(budget.limited()).isFalse();
    assertThat(budget.allows("acme")).isTrue();
  }
}
