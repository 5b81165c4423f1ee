package io.ticketflow.route;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.schema.Route;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.ticketflow.schema.DeadLetter;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Stage 7 bookkeeping: counts every record by route (and dead letters by reason) once its outputs
 * are built, before they go out.
 */
public final class RouteMetricsProcessor implements FixedKeyProcessor<String, RoutedOutputs, RoutedOutputs> {
  private final PipelineMetrics metrics;
  private final Map<Route, Counter> routed = new EnumMap<>(Route.class);
  private final Timer endToEnd;
  private FixedKeyProcessorContext<String, RoutedOutputs> context;

  public RouteMetricsProcessor(PipelineMetrics metrics) {
    this.metrics = metrics;
    this.endToEnd = metrics.endToEndTimer();
  }

  @Override
  public void init(FixedKeyProcessorContext<String, RoutedOutputs> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, RoutedOutputs> record) {
    WorkItem item = record.value().item();
    routed.computeIfAbsent(RouteRecords.route(item.outcome()), r -> metrics.routedCounter(r.name())).increment();
    if (item.outcome() instanceof Outcome.Rejected r) {
      metrics.deadLettered(r.reason().name(), item.origin().topic());
    } else if (item.outcome() instanceof Outcome.DeadLettered d) {
      metrics.deadLettered(d.reason().name(), item.origin().topic());
    }
    if (item.inquiry() != null && item.inquiry().getReceivedAt() != null) {
      endToEnd.record(Math.max(0, System.currentTimeMillis() - item.inquiry().getReceivedAt().toEpochMilli()),
          TimeUnit.MILLISECONDS);
    }
    context.forward(record);
  }

  /** Whether the item produces a {@link DeadLetter}. */
  public static boolean isDeadLetter(WorkItem item) {
    return item.outcome() instanceof Outcome.Rejected || item.outcome() instanceof Outcome.DeadLettered;
  }
}
