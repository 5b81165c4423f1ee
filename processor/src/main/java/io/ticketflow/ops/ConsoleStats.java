package io.ticketflow.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What the console's summary shows, folded from audit records: inquiries per route, escalations
 * per reason, end-to-end latency percentiles, LLM tokens and spend. Latencies of the last {@link
 * #WINDOW} outcomes are kept, so percentiles describe recent traffic and memory stays bounded.
 */
public final class ConsoleStats implements Consumer<FeedEvent> {
  static final int WINDOW = 10_000;

  private final Map<String, Long> routes = new TreeMap<>();
  private final Map<String, Long> reasons = new TreeMap<>();
  private final long[] latencies = new long[WINDOW];
  /** A long: the feed counts every instance's outcomes, and an int ran over within days. */
  private long latencyCount;
  private long promptTokens;
  private long completionTokens;
  private double costUsd;

  @Override
  public synchronized void accept(FeedEvent e) {
    if (e.kind() == FeedEvent.Kind.ESCALATION) {
      reasons.merge(e.string("reason"), 1L, Long::sum);
      return;
    }
    if (e.kind() != FeedEvent.Kind.AUDIT) {
      return;
    }
    routes.merge(e.string("route"), 1L, Long::sum);
    Double millis = e.number("endToEndMillis");
    if (millis != null) {
      latencies[(int) (latencyCount % WINDOW)] = millis.longValue();
      latencyCount++;
    }
    Double p = e.number("promptTokens");
    Double c = e.number("completionTokens");
    Double cost = e.number("costUsd");
    promptTokens += p == null ? 0 : p.longValue();
    completionTokens += c == null ? 0 : c.longValue();
    costUsd += cost == null ? 0 : cost;
  }

  /** A JSON-ready snapshot. */
  public synchronized Map<String, Object> snapshot() {
    List<Long> sorted = new ArrayList<>();
    for (int i = 0; i < Math.min(latencyCount, WINDOW); i++) {
      sorted.add(latencies[i]);
    }
    Collections.sort(sorted);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("routes", new TreeMap<>(routes));
    m.put("escalationReasons", new TreeMap<>(reasons));
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("count", sorted.size());
    latency.put("p50", percentile(sorted, 0.50));
    latency.put("p95", percentile(sorted, 0.95));
    latency.put("p99", percentile(sorted, 0.99));
    m.put("latencyMillis", latency);
    Map<String, Object> llm = new LinkedHashMap<>();
    llm.put("promptTokens", promptTokens);
    llm.put("completionTokens", completionTokens);
    llm.put("costUsd", costUsd);
    m.put("llm", llm);
    return m;
  }

  /** Nearest-rank percentile of ascending values; null when there are none. */
  public static Long percentile(List<Long> ascending, double q) {
    if (ascending.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(q * ascending.size());
    return ascending.get(Math.max(0, Math.min(ascending.size() - 1, rank - 1)));
  }
}
