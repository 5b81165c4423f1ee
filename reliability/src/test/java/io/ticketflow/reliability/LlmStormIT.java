package io.ticketflow.reliability;

import static io.ticketflow.reliability.Traffic.Kind.FAQ;
import static io.ticketflow.reliability.Traffic.Kind.LLM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.devstack.llm.FakeOpenAiServer;
import io.ticketflow.devstack.llm.FakeResponse;
import io.ticketflow.reliability.Traffic.Planned;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.EscalationReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4: the model slows down (a quarter of its answers take 10 s) and then answers only 429
 * with {@code Retry-After: 1} for a while. No inquiry is lost, calls in flight stay within
 * {@code llm.max-in-flight}, attempts within {@code llm.max-attempts}, retries wait for
 * Retry-After, the token budget holds, and the backlog drains.
 */
class LlmStormIT {
  private static final int TOTAL = 2_500;
  private static final int MAX_IN_FLIGHT = 32;
  private static final int MAX_ATTEMPTS = 4;
  private static final long DAILY_TOKENS = Long.getLong("reliability.storm.daily-tokens", 700_000);
  private static final Pattern SEQ = Pattern.compile("(?:parcel number |订单)(\\d+)");

  enum Phase { NORMAL, SLOW, STORM }

  /** One request as the fake server saw it. */
  record Attempt(long atMillis, Phase phase) {}

  @Test
  void slowModelAnd429StormLoseNothingAndRespectLimits() throws Exception {
    Map<String, String> config = Map.of("llm.max-in-flight", String.valueOf(MAX_IN_FLIGHT),
        "llm.max-attempts", String.valueOf(MAX_ATTEMPTS), "llm.budget.daily-tokens", String.valueOf(DAILY_TOKENS));
    try (FaultPipeline p = FaultPipeline.start("llm-storm", config)) {
      Map<Integer, List<Attempt>> attempts = new ConcurrentHashMap<>();
      java.util.concurrent.atomic.AtomicReference<Phase> phase = new java.util.concurrent.atomic.AtomicReference<>(Phase.NORMAL);
      p.llm.latency(Duration.ofMillis(200)).respondWith(request -> {
        // The last message is the inquiry; earlier ones may be the conversation's history.
        com.fasterxml.jackson.databind.JsonNode messages = request.body().path("messages");
        Matcher m = SEQ.matcher(messages.path(messages.size() - 1).path("content").asText());
        int seq = m.find() ? Integer.parseInt(m.group(1)) : -1;
        Phase now = phase.get();
        attempts.computeIfAbsent(seq, s -> java.util.Collections.synchronizedList(new ArrayList<>()))
            .add(new Attempt(System.currentTimeMillis(), now));
        return switch (now) {
          case STORM -> FakeResponse.rateLimited(1);
          case SLOW -> seq % 4 == 0 ? FakeOpenAiServer.citeFirstFaq(request).after(Duration.ofSeconds(10))
              : FakeOpenAiServer.citeFirstFaq(request);
          case NORMAL -> FakeOpenAiServer.citeFirstFaq(request);
        };
      });
      Map<Traffic.Kind, Integer> mix = new LinkedHashMap<>();
      mix.put(FAQ, 40);
      mix.put(LLM, 60);
      List<Planned> plan = new Traffic.Plan(p.topics, 4, 500).mixed(TOTAL, mix).build();
      p.startProcessor("a");
      try (Traffic traffic = new Traffic(plan, p.topics, p.stack.bootstrapServers()).start(100)) {
        // Phases follow the processor's progress, so that each hits traffic however loaded the machine.
        await().atMost(Duration.ofMinutes(3)).until(() -> p.processed() >= 500);
        phase.set(Phase.SLOW);
        await().atMost(Duration.ofMinutes(3)).until(() -> p.processed() >= 1_100);
        phase.set(Phase.STORM);
        long stormFrom = System.nanoTime();
        await().atMost(Duration.ofMinutes(3)).until(() -> p.processed() >= 1_700
            && System.nanoTime() - stormFrom > Duration.ofSeconds(12).toNanos());
        phase.set(Phase.NORMAL);
        traffic.awaitAllSent(120);
      }
      Ledger ledger = Ledger.settle(p, plan, Duration.ofMinutes(4)).assertNothingLostOrDuplicated();

      assertThat(p.llm.maxConcurrentRequests()).as("calls in flight at once").isBetween(2, MAX_IN_FLIGHT);
      assertThat(attempts.keySet()).as("every request carried an inquiry").doesNotContain(-1);
      int retried = 0;
      List<String> overAttempts = new ArrayList<>();
      List<String> earlyRetries = new ArrayList<>();
      for (Map.Entry<Integer, List<Attempt>> e : attempts.entrySet()) {
        List<Attempt> list = List.copyOf(e.getValue());
        if (list.size() > MAX_ATTEMPTS) {
          overAttempts.add(e.getKey() + ": " + list);
        }
        for (int i = 1; i < list.size(); i++) {
          if (list.get(i - 1).phase() == Phase.STORM) {
            retried++;
            if (list.get(i).atMillis() - list.get(i - 1).atMillis() < 950) {
              earlyRetries.add(e.getKey() + ": " + list);
            }
          }
        }
      }
      long tokens = 0;
      long maxPerCall = 0;
      for (AuditRecord a : ledger.decisions.values()) {
        long t = (a.getPromptTokens() == null ? 0 : a.getPromptTokens())
            + (a.getCompletionTokens() == null ? 0 : a.getCompletionTokens());
        tokens += t;
        maxPerCall = Math.max(maxPerCall, t);
      }
      long exhausted = ledger.escalations.values().stream().map(l -> l.get(0))
          .filter(x -> x.getReason() == EscalationReason.BUDGET_EXHAUSTED).count();
      System.out.printf("storm: %d inquiries retried after 429, %d tokens spent of a %d budget (max %d per call), "
          + "%d escalated BUDGET_EXHAUSTED, at most %d calls in flight%n", retried, tokens, DAILY_TOKENS, maxPerCall,
          exhausted, p.llm.maxConcurrentRequests());
      Map<Phase, Long> perPhase = attempts.values().stream().flatMap(List::stream)
          .collect(java.util.stream.Collectors.groupingBy(Attempt::phase, java.util.stream.Collectors.counting()));
      System.out.println("model requests per phase: " + perPhase);
      assertThat(overAttempts).as("inquiries with more than " + MAX_ATTEMPTS + " calls").isEmpty();
      assertThat(earlyRetries).as("retries sooner than Retry-After: 1").isEmpty();
      assertThat(retried).as("retries after a 429").isPositive();
      // Whether the budget runs out depends on how fast the machine got through the storm (calls
      // that got 429 cost nothing); when it did, the rest must have escalated BUDGET_EXHAUSTED.
      if (tokens >= DAILY_TOKENS) {
        assertThat(exhausted).as("inquiries past the budget").isPositive();
      } else {
        assertThat(exhausted).as("BUDGET_EXHAUSTED with budget left").isZero();
      }
      assertThat(tokens).as("tokens spent: the budget, overshot at most by the calls already in flight")
          .isLessThanOrEqualTo(DAILY_TOKENS + MAX_IN_FLIGHT * maxPerCall);
      assertThat(Secrets.find(p)).as("places a secret leaked to").isEmpty();
    }
  }
}
