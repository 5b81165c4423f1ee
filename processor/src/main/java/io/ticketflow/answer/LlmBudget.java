package io.ticketflow.answer;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A daily (UTC) limit of tokens and USD per tenant, shared by all instances of the processor.
 * {@link #allows} is asked before a call and {@link #record} after it; a call that starts under the
 * limit may end a little over it, which is the price of never blocking on a counter.
 *
 * <p>The spend is kept per stream task of the answer stage: each task keeps it in a changelogged
 * store ({@link LlmAnswerProcessor}), keyed by day and tenant, so the store's changelog partition
 * is the task's partition. Here it is counted from two sources:
 * <ul>
 *   <li>the tasks this instance holds: {@link #restore}d from their store when they start here,
 *       {@link #record}ed after each call, {@link #release}d when they leave — always current;</li>
 *   <li>every other partition, as its changelog shows it ({@link #logged}, fed by
 *       {@link SpendReader}): the tasks other instances hold, a commit interval or so behind.</li>
 * </ul>
 * So a restart does not start the day at zero, and several instances together stay within the
 * limit but for the calls they start in the same moment.
 */
public final class LlmBudget {
  private final long dailyTokens;
  private final double dailyUsd;
  private final Clock clock;
  /** task -> tenant -> that task's spend on its day. */
  private final Map<String, Map<String, Spent>> byTask = new ConcurrentHashMap<>();
  /** task -> its partition, for the tasks held here. */
  private final Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
  /** partition -> tenant -> spend, as read from the store's changelog (all instances' tasks). */
  private final Map<Integer, Map<String, Spent>> byPartition = new ConcurrentHashMap<>();

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

  /** Whether a limit is set at all (without one, no spend needs reading from other instances). */
  public boolean limited() {
    return dailyTokens > 0 || dailyUsd > 0;
  }

  /** Today in UTC, by this budget's clock. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  public boolean allows(String tenantId) {
    if (!limited()) {
      return true;
    }
    Spent spent = spentToday(tenantId);
    return (dailyTokens <= 0 || spent.tokens() < dailyTokens) && (dailyUsd <= 0 || spent.usd() < dailyUsd);
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

  /**
   * The task, whose store is changelogged to {@code partition}, is now held here, with the spend
   * it had kept (tenant -> spend; other days ignored).
   */
  public void restore(String task, int partition, Map<String, Spent> kept) {
    Map<String, Spent> tenants = new ConcurrentHashMap<>();
    LocalDate day = today();
    kept.forEach((tenant, spent) -> {
      if (spent.day().equals(day)) {
        tenants.put(tenant, spent);
      }
    });
    byTask.put(task, tenants);
    partitionOf.put(task, partition);
  }

  /** The task has left this instance: its spend now counts as its changelog shows it. */
  public void release(String task) {
    partitionOf.remove(task);
    byTask.remove(task);
  }

  /**
   * A record of the spend store's changelog: the tenant's spend on {@code day} in that partition's
   * task, or null when the task deleted that day's entry.
   */
  public void logged(int partition, LocalDate day, String tenantId, Spent spent) {
    Map<String, Spent> tenants = byPartition.computeIfAbsent(partition, p -> new ConcurrentHashMap<>());
    if (spent != null) {
      tenants.merge(tenantId, spent, (old, now) -> old.day().isAfter(now.day()) ? old : now);
    } else {
      tenants.computeIfPresent(tenantId, (t, old) -> old.day().equals(day) ? null : old);
    }
  }

  /** Tokens spent today by the tenant, over all instances. */
  public long tokensToday(String tenantId) {
    return spentToday(tenantId).tokens();
  }

  /** USD spent today by the tenant, over all instances. */
  public double usdToday(String tenantId) {
    return spentToday(tenantId).usd();
  }

  private Spent spentToday(String tenantId) {
    Spent sum = new Spent(today(), 0, 0);
    for (Map<String, Spent> tenants : byTask.values()) {
      sum = plusToday(sum, tenants.get(tenantId));
    }
    for (Map.Entry<Integer, Map<String, Spent>> p : byPartition.entrySet()) {
      if (!partitionOf.containsValue(p.getKey())) {
        sum = plusToday(sum, p.getValue().get(tenantId));
      }
    }
    return sum;
  }

  private static Spent plusToday(Spent sum, Spent s) {
    return s != null && s.day().equals(sum.day()) ? sum.plus(s.tokens(), s.usd()) : sum;
  }
}
