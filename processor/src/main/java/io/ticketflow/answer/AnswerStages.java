package io.ticketflow.answer;

import io.micrometer.core.instrument.MeterRegistry;
import io.ticketflow.config.TicketflowConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the answer stage: the LLM when a key is configured, escalation otherwise. */
public final class AnswerStages {
  private static final Logger LOG = LoggerFactory.getLogger(AnswerStages.class);

  private AnswerStages() {}

  public static AnswerStage create(TicketflowConfig config, Map<String, String> env, MeterRegistry meters) {
    LlmSettings settings = LlmSettings.from(config, env);
    if (!settings.enabled()) {
      LOG.info("LLM answering is off ({}): inquiries the FAQ cannot answer are escalated",
          settings.apiKey().isEmpty() ? LlmSettings.ENV_API_KEY + " is not set" : LlmSettings.ENABLED + "=false");
      return new EscalatingAnswerStage(config.answerThreshold());
    }
    LOG.info("LLM answering on: model {} at {}, up to {} calls in flight", settings.model(), settings.baseUrl(),
        settings.maxInFlight());
    if (!AsyncDefaults.pooled()) {
      LOG.warn("the JVM's common fork-join pool has {} thread(s): the OpenAI client starts a thread for every call;"
          + " start the JVM with -D{}=2", java.util.concurrent.ForkJoinPool.getCommonPoolParallelism(),
          AsyncDefaults.PARALLELISM);
    }
    return llm(settings, meters, Clock.systemUTC());
  }

  /** The LLM stage for these settings, its client built once. */
  public static LlmAnswerStage llm(LlmSettings settings, MeterRegistry meters, Clock clock) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "llm-retry");
      t.setDaemon(true);
      return t;
    });
    ResilientAnswerClient.Policy defaults = ResilientAnswerClient.Policy.defaults();
    ResilientAnswerClient.Policy policy = new ResilientAnswerClient.Policy(settings.timeout(), settings.maxAttempts(),
        defaults.initialBackoff(), defaults.maxBackoff(), defaults.maxRetryAfter(), defaults.breakerWindow(),
        defaults.breakerFailureRate(), settings.breakerOpenFor());
    OpenAiAnswerClient openAi = new OpenAiAnswerClient(settings.baseUrl(), settings.apiKey(),
        settings.timeout().plus(Duration.ofSeconds(1)), settings.maxCompletionTokens(), settings.maxInFlight());
    // In the background: the processor does not wait for the model server, which may be down now
    // and up by the first inquiry that needs it.
    openAi.checkAccess(settings.model()).thenAccept(problem -> problem.ifPresent(p -> LOG.error("LLM answering: {}", p)));
    AnswerClient client = new ResilientAnswerClient(openAi, policy, scheduler);
    LlmAnswering answering = new LlmAnswering(client, new PromptTemplates(settings.promptDir()), settings,
        new LlmBudget(settings.dailyTokens(), settings.dailyUsd(), clock), meters);
    return new LlmAnswerStage(answering, settings, scheduler);
  }
}
