package io.ticketflow.answer;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A daily (UTC) limit of tokens and USD per tenant. {@link #allows} is asked before a call and
 * {@link #record} after it; a call that starts under the limit may end a little over it, which is
 * the price of never blocking on a counter.
 *
 * <p>The spend is kept per stream task, and each task also keeps it in a changelogged store
 * ({@link LlmAnswerProcessor}): a task that starts, on a restarted processor or on another
 * instance after a rebalance, {@link #restore}s the day's spend from there, and a task that leaves
 * this instance is {@link #release}d. So a restart does not start the day at zero. The limit
 * applies to the spend of the tasks an instance holds: a single instance enforces it exactly; with
 * several each allows up to the limit for its own share of the tenant's conversations (together
 * up to instances × limit). A limit shared across instances would need the spend in a topic all
 * instances read, which the design does not have.
 */
public final class LlmBudget {
  private final long dailyTokens;
  private final double dailyUsd;
  private final Clock clock;
  /** task -> tenant -> that task's spend on its day. */
  private final Map<String, Map<String, Spent>> byTask = new ConcurrentHashMap<>();

  /** Tokens and USD spent on one UTC day. */
  public record Spent(LocalDate day, long tokens, double usd) {
    public Spent plus(long moreTokens, double moreUsd) {
      return new Spent(day, tokens + moreTokens, usd + moreUsd);
    }
  }

  /** @param dailyTokens 0 for no token limit; @param dailyUsd 0 for no cost limit */
  public LlmBudget(long dailyTokens, double dailyUsd, Clock clock) {
    this.dailyTokens = dailyTokens;
    this.dailyUsd = dailyUsd;
    this.clock = clock;
  }

  /** Today in UTC, by this budget's clock. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  public boolean allows(String tenantId) {
    return (dailyTokens <= 0 || tokensToday(tenantId) < dailyTokens)
        && (dailyUsd <= 0 || usdToday(tenantId) < dailyUsd);
  }

  /** Adds a call's spend to the task's. Ignored for a task this instance does not hold (any more). */
  public void record(String task, String tenantId, long tokens, double usd) {
    Map<String, Spent> tenants = byTask.get(task);
    if (tenants == null) {
      return;
    }
    LocalDate day = today();
    tenants.merge(tenantId, new Spent(day, tokens, usd),
        (old, add) -> old.day().equals(day) ? old.plus(tokens, usd) : add);
  }

  /** The task is now held here, with the spend it had kept (tenant -> spend; other days ignored). */
  public void restore(String task, Map<String, Spent> kept) {
    Map<String, Spent> tenants = new ConcurrentHashMap<>();
    LocalDate day = today();
    kept.forEach((tenant, spent) -> {
      if (spent.day().equals(day)) {
        tenants.put(tenant, spent);
      }
    });
    byTask.put(task, tenants);
  }

  /** The task has left this instance: its spend no longer counts here. */
  public void release(String task) {
    byTask.remove(task);
  }

  /** Tokens spent today by the tenant, over the tasks held here. */
  public long tokensToday(String tenantId) {
    return spentToday(tenantId).tokens();
  }

  /** USD spent today by the tenant, over the tasks held here. */
  public double usdToday(String tenantId) {
    return spentToday(tenantId).usd();
  }

  private Spent spentToday(String tenantId) {
    Spent sum = new Spent(today(), 0, 0);
    for (Map<String, Spent> tenants : byTask.values()) {
      Spent s = tenants.get(tenantId);
      if (s != null && s.day().equals(sum.day())) {
        sum = sum.plus(s.tokens(), s.usd());
      }
    }
    return sum;
  }
}
