package io.ticketflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.answer.AnswerStages;
import io.ticketflow.answer.LlmAnswerStage;
import io.ticketflow.answer.LlmSettings;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.devstack.llm.FakeOpenAiServer;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.testing.ClusterIO;
import io.ticketflow.testing.Inquiries;
import io.ticketflow.testing.ScriptedMatcher;
import io.ticketflow.topology.Stages;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tenant's daily LLM budget survives a restart: the spend is kept in a changelogged store of
 * the answer stage's tasks, so a processor that crashes and starts again (or a crash loop) cannot
 * spend the day's budget once per start.
 */
@ExtendWith(EmbeddedStackExtension.class)
class LlmBudgetRestartIT {

  @Test
  void aRestartedProcessorKeepsTheDaysSpend(EmbeddedStack stack) throws Exception {
    try (FakeOpenAiServer server = FakeOpenAiServer.start();
        ClusterIO io = new ClusterIO(stack.bootstrapServers(), 1 << 20)) {
      // One call spends more than a token: the first inquiry is answered, every later one is not.
      ProcessorITSupport it = new ProcessorITSupport(stack, Map.of(LlmSettings.BASE_URL, server.baseUrl(),
          LlmSettings.BUDGET_DAILY_TOKENS, "1", LlmSettings.PRICES, "gpt-4o-mini=0.15/0.60"));
      it.createTopics(io.admin());

      runWithLlm(it, server, () -> {
        io.send(it.topics, Inquiries.inquiry("q1", "c1", "Can I get my money back?"));
        io.flush();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
            io.readAll(it.topics.replies().name(), it.topics.replies().valueSerde().deserializer()).size() == 1);
      });
      assertThat(server.requests()).hasSize(1);

      runWithLlm(it, server, () -> {
        // Another conversation, so most likely another partition and task than the first.
        io.send(it.topics, Inquiries.inquiry("q2", "c2-other", "Can I get my money back now?"));
        io.flush();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
            io.readAll(it.topics.escalations().name(), it.topics.escalations().valueSerde().deserializer()).size() == 1);
      });
      assertThat(io.readAll(it.topics.escalations().name(), it.topics.escalations().valueSerde().deserializer()))
          .extracting(r -> r.value().getInquiryId(), r -> r.value().getReason())
          .containsExactly(org.assertj.core.groups.Tuple.tuple("q2", EscalationReason.BUDGET_EXHAUSTED));
      assertThat(server.requests()).as("the model is not called again after the restart").hasSize(1);
    }
  }

  private static void runWithLlm(ProcessorITSupport it, FakeOpenAiServer server, Runnable whileRunning) {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LlmSettings settings = LlmSettings.from(it.config, Map.of(LlmSettings.ENV_API_KEY, "sk-budget-test"));
    try (LlmAnswerStage llm = AnswerStages.llm(settings, meters, Clock.systemUTC())) {
      Stages stages = Stages.of(it.config, new ScriptedMatcher().otherwise(ScriptedMatcher.weakRefund()), meters)
          .withAnswer(llm);
      try (TicketflowProcessor processor = TicketflowProcessor.run(it.config, stages)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
        whileRunning.run();
      }
    }
  }
}
