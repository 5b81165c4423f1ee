package io.ticketflow.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's Micrometer meters: records per route, dead letters per reason, time per stage,
 * end-to-end latency, FAQ updates, feedback, and matches per entry-classifier case. The registry
 * is injected (Prometheus in production, {@code SimpleMeterRegistry} in tests); meters are cached
 * because stages call these once per record.
 */
public final class PipelineMetrics {
  public static final String ROUTED = "ticketflow.inquiries.routed";
  public static final String DEAD_LETTERS = "ticketflow.dead.letters";
  public static final String STAGE = "ticketflow.stage.latency";
  public static final String END_TO_END = "ticketflow.end.to.end.latency";
  public static final String FAQ_UPDATES = "ticketflow.faq.updates";
  public static final String FEEDBACK = "ticketflow.feedback";
  public static final String MISKEYED = "ticketflow.inputs.miskeyed";
  public static final String MATCH_CLASSIFIERS = "ticketflow.match.classifiers";

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void routed(String route) {
    routedCounter(route).increment();
  }

  /** The counter of one route, for a processor to keep rather than look up per record. */
  public Counter routedCounter(String route) {
    return counter(ROUTED, "Input records by the route they took", "route", route);
  }

  public void deadLettered(String reason, String topic) {
    counters.computeIfAbsent(DEAD_LETTERS + '|' + reason + '|' + topic,
        k -> Counter.builder(DEAD_LETTERS).description("Records sent to the dead-letter topic")
            .tag("reason", reason).tag("topic", topic).register(registry)).increment();
  }

  public void stage(String stage, long micros) {
    stageTimer(stage).record(micros, TimeUnit.MICROSECONDS);
  }

  /** The timer of one stage, for a stage to look up once rather than per record. */
  public Timer stageTimer(String stage) {
    return timers.computeIfAbsent(STAGE + '|' + stage,
        k -> Timer.builder(STAGE).description("Time spent in a pipeline stage").tag("stage", stage)
            .register(registry));
  }

  public void endToEnd(long millis) {
    endToEndTimer().record(millis, TimeUnit.MILLISECONDS);
  }

  /** The end-to-end timer, for the route stage to look up once rather than per record. */
  public Timer endToEndTimer() {
    return timers.computeIfAbsent(END_TO_END, k -> Timer.builder(END_TO_END)
        .description("From an inquiry's receivedAt to its outcome").register(registry));
  }

  public void faqUpdate(String operation) {
    counter(FAQ_UPDATES, "FAQ topic records by what became of them", "operation", operation).increment();
  }

  /**
   * The counter of matches whose inquiry's embedding space had the given entry classifiers
   * ({@code both}, {@code embedding_only}, {@code none}, {@code other_language}): the share not
   * scored with both shows how often an FAQ is matched without its classifiers (over their size
   * limit, or while they train after a change), and so by the calibration's fallback models.
   */
  public Counter matchClassifiersCounter(String classifiers) {
    return counter(MATCH_CLASSIFIERS, "FAQ matches by the entry classifiers their embedding space had",
        "classifiers", classifiers);
  }

  public void feedback(String result) {
    counter(FEEDBACK, "Feedback records by the result of joining them with their inquiry", "result", result).increment();
  }

  /**
   * Counts an input record (inquiry or feedback) keyed other than by its conversationId. It is
   * processed, but dedupe and the feedback join rely on the key: on a topic of several partitions
   * a redelivery keyed otherwise can land on another partition and be answered twice, and feedback
   * can miss its inquiry.
   */
  public void misKeyed(String topic) {
    counter(MISKEYED, "Input records not keyed by their conversationId", "topic", topic).increment();
  }

  private Counter counter(String name, String description, String tag, String value) {
    return counters.computeIfAbsent(name + '|' + value,
        k -> Counter.builder(name).description(description).tag(tag, value).register(registry));
  }
}
