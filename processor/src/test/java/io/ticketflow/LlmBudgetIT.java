package io.ticketflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.answer.AnswerStages;
import io.ticketflow.answer.LlmAnswerStage;
import io.ticketflow.answer.LlmSettings;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.devstack.llm.FakeOpenAiServer;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.testing.ClusterIO;
import io.ticketflow.testing.Inquiries;
import io.ticketflow.testing.ScriptedMatcher;
import io.ticketflow.topology.Stages;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tenant's daily LLM budget survives a restart and holds across instances: the spend is kept in
 * a changelogged store of the answer stage's tasks, so a processor that crashes and starts again
 * (or a crash loop) cannot spend the day's budget once per start, and every instance reads that
 * changelog, so N instances do not allow N times the budget.
 */
@ExtendWith(EmbeddedStackExtension.class)
class LlmBudgetIT {

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

  @Test
  void instancesShareTheDaysBudget(EmbeddedStack stack) throws Exception {
    Map<String, String> llm = Map.of(LlmSettings.BUDGET_DAILY_TOKENS, "1", LlmSettings.PRICES, "gpt-4o-mini=0.15/0.60",
        TicketflowConfig.TOPIC_PARTITIONS, "2");
    try (FakeOpenAiServer server = FakeOpenAiServer.start();
        ClusterIO io = new ClusterIO(stack.bootstrapServers(), 1 << 20)) {
      Map<String, String> settings = new HashMap<>(llm);
      settings.put(LlmSettings.BASE_URL, server.baseUrl());
      ProcessorITSupport first = new ProcessorITSupport(stack, settings);
      settings.put(TicketflowConfig.APPLICATION_ID, first.id);
      settings.put(TicketflowConfig.TOPIC_PREFIX, first.config.topicPrefix());
      ProcessorITSupport second = new ProcessorITSupport(stack, settings); // same application, own state dir
      first.createTopics(io.admin());
      String inquiries = first.topics.inquiries().name();

      try (Instance a = Instance.start(first); Instance b = Instance.start(second)) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() ->
            a.inquiryPartitions(inquiries).size() == 1 && b.inquiryPartitions(inquiries).size() == 1);
        String onA = conversationOn(a.inquiryPartitions(inquiries).iterator().next(), 2);
        String onB = conversationOn(b.inquiryPartitions(inquiries).iterator().next(), 2);

        io.send(first.topics, Inquiries.inquiry("q1", onA, "Can I get my money back?"));
        io.flush();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
            io.readAll(first.topics.replies().name(), first.topics.replies().valueSerde().deserializer()).size() == 1);
        assertThat(server.requests()).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
            assertThat(b.llm.budget().tokensToday(Inquiries.TENANT))
                .as("the other instance counts the spend of the task that answered").isPositive());

        io.send(first.topics, Inquiries.inquiry("q2", onB, "Can I get my money back now?"));
        io.flush();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
            io.readAll(first.topics.escalations().name(), first.topics.escalations().valueSerde().deserializer())
                .size() == 1);
        assertThat(io.readAll(first.topics.escalations().name(), first.topics.escalations().valueSerde().deserializer()))
            .extracting(r -> r.value().getInquiryId(), r -> r.value().getReason())
            .containsExactly(org.assertj.core.groups.Tuple.tuple("q2", EscalationReason.BUDGET_EXHAUSTED));
        assertThat(server.requests()).as("the second instance does not call the model").hasSize(1);
      }
    }
  }

  /** A conversation id the default partitioner puts on {@code partition}. */
  private static String conversationOn(int partition, int partitions) {
    for (int i = 0; ; i++) {
      String id = "conv-" + i;
      if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions == partition) {
        return id;
      }
    }
  }

  /** A running processor with the LLM stage, and the stage for its budget. */
  private record Instance(LlmAnswerStage llm, TicketflowProcessor processor) implements AutoCloseable {
    static Instance start(ProcessorITSupport it) {
      LlmSettings settings = LlmSettings.from(it.config, Map.of(LlmSettings.ENV_API_KEY, "sk-budget-test"));
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      LlmAnswerStage llm = AnswerStages.llm(settings, meters, Clock.systemUTC());
      Stages stages = Stages.of(it.config, new ScriptedMatcher().otherwise(ScriptedMatcher.weakRefund()), meters)
          .withAnswer(llm);
      return new Instance(llm, TicketflowProcessor.run(it.config, stages));
    }

    /** Partitions of the inquiries topic whose tasks run here. */
    Set<Integer> inquiryPartitions(String topic) {
      if (processor.state() != KafkaStreams.State.RUNNING) {
        return Set.of();
      }
      return processor.streams().metadataForLocalThreads().stream()
          .flatMap(t -> t.activeTasks().stream())
          .flatMap(task -> task.topicPartitions().stream())
          .filter(tp -> tp.topic().equals(topic))
          .map(TopicPartition::partition)
          .collect(Collectors.toSet());
    }

    @Override
    public void close() {
      processor.close();
      llm.close();
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
