package io.ticketflow.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.ticketflow.answer.AnswerStage;
import io.ticketflow.answer.EscalatingAnswerStage;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.serde.AvroSerdeConfig;
import java.util.Objects;

/**
 * What the topology is built from besides the configuration: the pluggable stages (matcher,
 * answer stage), the meter registry, and the schema registry client shared by all serdes.
 */
public record Stages(FaqMatcher matcher, AnswerStage answer, PipelineMetrics metrics, SchemaRegistryClient registry) {
  public Stages {
    Objects.requireNonNull(matcher, "matcher");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(registry, "registry");
  }

  /** The default stages: {@code matcher}, escalation instead of an LLM, a client from the config. */
  public static Stages of(TicketflowConfig config, FaqMatcher matcher, MeterRegistry meters) {
    return new Stages(matcher, new EscalatingAnswerStage(config.answerThreshold()), new PipelineMetrics(meters),
        new AvroSerdeConfig(config.serdeConfig()).createClient());
  }

  public Stages withAnswer(AnswerStage stage) {
    return new Stages(matcher, stage, metrics, registry);
  }
}
