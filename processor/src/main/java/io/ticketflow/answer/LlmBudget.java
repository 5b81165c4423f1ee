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
 * <p>Counts live in this process only: with several processor instances each enforces the limit on
 * the share of tenants' traffic it sees (so together they allow up to instances × limit), and a
 * restarted processor starts the day's count at zero. A limit shared across instances and restarts
 * would need the spend kept in Kafka (a topic or store not in the design yet).
 */
public final class LlmBudget {
  private final long dailyTokens;
  private final double dailyUsd;
  private final Clock clock;
  private final Map<String, Spent> spent = new ConcurrentHashMap<>();

  private record Spent(LocalDate day, long tokens, double usd) {}

  /** @param dailyTokens 0 for no token limit; @param dailyUsd 0 for no cost limit */
  public LlmBudget(long dailyTokens, double dailyUsd, Clock clock) {
    this.dailyTokens = dailyTokens;
    this.dailyUsd = dailyUsd;
    this.clock = clock;
  }

  public boolean allows(String tenantId) {
    Spent today = today(tenantId);
    return (dailyTokens <= 0 || today.tokens() < dailyTokens) && (dailyUsd <= 0 || today.usd() < dailyUsd);
  }

  public void record(String tenantId, long tokens, double usd) {
    LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    spent.merge(tenantId, new Spent(day, tokens, usd), (old, add) -> old.day().equals(day)
        ? new Spent(day, old.tokens() + add.tokens(), old.usd() + add.usd()) : add);
  }

  /** Tokens spent today by the tenant. */
  public long tokensToday(String tenantId) {
    return today(tenantId).tokens();
  }

  /** USD spent today by the tenant. */
  public double usdToday(String tenantId) {
    return today(tenantId).usd();
  }

  private Spent today(String tenantId) {
    LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    Spent current = spent.get(tenantId);
    return current == null || !current.day().equals(day) ? new Spent(day, 0, 0) : current;
  }
}
