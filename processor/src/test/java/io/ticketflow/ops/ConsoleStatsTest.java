package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleStatsTest {
  private static FeedEvent audit(String route, long millis, Integer prompt, Double cost) {
    Map<String, Object> m = new HashMap<>();
    m.put("route", route);
    m.put("endToEndMillis", millis);
    m.put("promptTokens", prompt);
    m.put("costUsd", cost);
    return new FeedEvent(FeedEvent.Kind.AUDIT, "i", m);
  }

  @Test
  void foldsRoutesReasonsLatencyAndSpend() {
    ConsoleStats stats = new ConsoleStats();
    for (int i = 1; i <= 100; i++) {
      stats.accept(audit(i % 4 == 0 ? "LLM" : "FAQ", i, i % 4 == 0 ? 100 : null, i % 4 == 0 ? 0.001 : null));
    }
    stats.accept(new FeedEvent(FeedEvent.Kind.ESCALATION, "e", Map.of("reason", "LOW_CONFIDENCE")));
    stats.accept(new FeedEvent(FeedEvent.Kind.REPLY, "r", Map.of("text", "ignored")));
    Map<String, Object> s = stats.snapshot();
    assertThat(s.get("routes")).isEqualTo(Map.of("FAQ", 75L, "LLM", 25L));
    assertThat(s.get("escalationReasons")).isEqualTo(Map.of("LOW_CONFIDENCE", 1L));
    @SuppressWarnings("unchecked")
    Map<String, Object> latency = (Map<String, Object>) s.get("latencyMillis");
    assertThat(latency).containsEntry("p50", 50L).containsEntry("p95", 95L).containsEntry("p99", 99L).containsEntry("count", 100);
    @SuppressWarnings("unchecked")
    Map<String, Object> llm = (Map<String, Object>) s.get("llm");
    assertThat(llm.get("promptTokens")).isEqualTo(2500L);
    assertThat((Double) llm.get("costUsd")).isCloseTo(0.025, org.assertj.core.data.Offset.offset(1e-9));
  }

  /**
   * The feed counts every instance's audit records: at 17,000 a second Integer.MAX_VALUE is 35
   * hours away. The count is set there (reflection: two billion records take minutes) and the
   * records after it still count, instead of failing every one (a negative index) with a WARN and
   * a stack trace from the feed.
   */
  @Test
  void latenciesStillCountPastTwoBillionRecords() throws Exception {
    ConsoleStats stats = new ConsoleStats();
    java.lang.reflect.Field count = ConsoleStats.class.getDeclaredField("latencyCount");
    count.setAccessible(true);
    count.setInt(stats, Integer.MAX_VALUE);

    for (int i = 0; i < 3; i++) {
      stats.accept(audit("FAQ", 7, null, null));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> latency = (Map<String, Object>) stats.snapshot().get("latencyMillis");
    assertThat(latency).containsEntry("count", ConsoleStats.WINDOW);
    assertThat(stats.snapshot().get("routes")).isEqualTo(Map.of("FAQ", 3L));
  }

  @Test
  void nearestRankPercentile() {
    assertThat(ConsoleStats.percentile(List.of(), 0.5)).isNull();
    assertThat(ConsoleStats.percentile(List.of(7L), 0.99)).isEqualTo(7L);
    assertThat(ConsoleStats.percentile(List.of(1L, 2L, 3L, 4L), 0.5)).isEqualTo(2L);
  }
}
