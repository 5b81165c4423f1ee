package io.ticketflow.reliability;

import static io.ticketflow.reliability.Traffic.Kind.FAQ;
import static io.ticketflow.reliability.Traffic.Kind.HUMAN;
import static io.ticketflow.reliability.Traffic.Kind.LLM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.reliability.Traffic.Planned;
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.ReplySource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: the model server refuses connections for a window of the stream. Inquiries that
 * need it escalate with LLM_UNAVAILABLE promptly (the circuit opens, no waiting for timeouts),
 * FAQ answers continue meanwhile, and model answers resume once it is back.
 */
class LlmOutageIT {
  private static final int TOTAL = 3_000;
  private static final int RATE = 100;

  @Test
  void outageEscalatesPromptlyWhileFaqAnswersContinueAndModelAnswersResume() throws Exception {
    try (FaultPipeline p = FaultPipeline.start("llm-outage", Map.of())) {
      p.llm.latency(Duration.ofMillis(150));
      Map<Traffic.Kind, Integer> mix = new LinkedHashMap<>();
      mix.put(FAQ, 45);
      mix.put(LLM, 45);
      mix.put(HUMAN, 10);
      List<Planned> plan = new Traffic.Plan(p.topics, 3, 300).mixed(TOTAL, mix).build();
      p.startProcessor("a");
      long downAt;
      long upAt;
      try (Traffic traffic = new Traffic(plan, p.topics, p.stack.bootstrapServers()).start(RATE)) {
        // The window follows the processor's progress, not the sender's: a third of the stream is
        // processed while the model is down, however far behind a loaded machine runs.
        await().atMost(Duration.ofMinutes(3)).until(() -> p.processed() >= TOTAL / 3);
        p.llm.goDown();
        downAt = System.currentTimeMillis();
        long processedAtDown = p.processed();
        await().atMost(Duration.ofMinutes(3)).until(() -> p.processed() >= 2 * TOTAL / 3);
        p.llm.comeBack();
        upAt = System.currentTimeMillis();
        System.out.printf("the model server refused connections for %.1f s (processed records %d..%d)%n",
            (upAt - downAt) / 1000.0, processedAtDown, p.processed());
        traffic.awaitAllSent(120);
        Ledger ledger = Ledger.settle(p, plan, Duration.ofMinutes(3)).assertNothingLostOrDuplicated();

        Map<String, Escalation> llmEscalations = ledger.escalationsOf(plan, LLM);
        Map<String, Reply> llmReplies = ledger.repliesOf(plan, LLM);
        Map<String, Planned> byId = plan.stream().filter(x -> x.inquiryId() != null)
            .collect(Collectors.toMap(Planned::inquiryId, x -> x, (a, b) -> a));
        List<Escalation> unavailable = llmEscalations.values().stream()
            .filter(e -> e.getReason() == EscalationReason.LLM_UNAVAILABLE).toList();
        assertThat(unavailable).as("inquiries escalated while the model was down").hasSizeGreaterThan(100);
        assertThat(llmEscalations.values()).as("every escalation of a model inquiry is LLM_UNAVAILABLE")
            .allSatisfy(e -> assertThat(e.getReason()).isEqualTo(EscalationReason.LLM_UNAVAILABLE));
        assertThat(unavailable).as("escalated during the outage, not before or long after").allSatisfy(e ->
            assertThat(e.getCreatedAt().toEpochMilli()).isBetween(downAt, upAt + 10_000));
        List<Long> delays = unavailable.stream()
            .map(e -> e.getCreatedAt().toEpochMilli() - traffic.sentAtMillis(byId.get(e.getInquiryId()).seq()))
            .sorted().toList();
        long p50 = delays.get(delays.size() / 2);
        long p99 = delays.get(Math.min(delays.size() - 1, delays.size() * 99 / 100));
        System.out.printf("LLM_UNAVAILABLE escalations: %d, sent → escalated p50 %d ms, p99 %d ms%n",
            unavailable.size(), p50, p99);
        // The audit's llmMillis is 0 for every LLM_UNAVAILABLE escalation (LlmAnswering.unavailable),
        // so it cannot show promptness; what makes it prompt is the breaker, which the detail names.
        List<String> details = unavailable.stream().map(e -> ledger.decisions.get(e.getInquiryId()).getDetail())
            .toList();
        long refusedByBreaker = details.stream().filter(d -> d != null && d.contains("circuit breaker open")).count();
        System.out.printf("LLM_UNAVAILABLE escalations refused by the open circuit breaker: %d of %d%n",
            refusedByBreaker, details.size());

        List<Reply> faqDuringOutage = ledger.repliesOf(plan, FAQ).values().stream()
            .filter(r -> r.getCreatedAt().toEpochMilli() > downAt && r.getCreatedAt().toEpochMilli() < upAt).toList();
        assertThat(faqDuringOutage).as("FAQ answers during the outage").hasSizeGreaterThan(100)
            .allSatisfy(r -> assertThat(r.getSource()).isEqualTo(ReplySource.FAQ));
        List<Planned> sentWellAfter = plan.stream().filter(x -> x.kind() == LLM
            && ledger.decisions.get(x.inquiryId()).getProcessedAt().toEpochMilli() > upAt + 5_000).toList();
        assertThat(sentWellAfter).as("model inquiries processed 5 s after the recovery").isNotEmpty();
        assertThat(sentWellAfter).as("answered by the model again").allSatisfy(x ->
            assertThat(llmReplies).containsKey(x.inquiryId()));
        assertThat(llmReplies.values()).allSatisfy(r -> assertThat(r.getSource()).isEqualTo(ReplySource.LLM));
        assertThat(Secrets.find(p)).as("places a secret leaked to").isEmpty();
        assertThat(refusedByBreaker).as("escalated at once by the open circuit breaker, not after every attempt")
            .isGreaterThan(details.size() / 2);
      }
    }
  }
}
