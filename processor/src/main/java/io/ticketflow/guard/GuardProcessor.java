package io.ticketflow.guard;

import io.ticketflow.route.StageProcessor;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.WorkItem;

/** Stage 4: the thin Streams adapter around the pure {@link Guard}. */
public final class GuardProcessor extends StageProcessor {
  public static final String STAGE = "guard";
  private final Guard guard = new Guard();

  public GuardProcessor(PipelineMetrics metrics) {
    super(STAGE, metrics);
  }

  @Override
  protected WorkItem apply(WorkItem item, long recordTimestamp) {
    Guard.Decision decision = guard.inspect(item.inquiry().getText());
    WorkItem next = item.withGuard(decision.report());
    return decision.escalation().isPresent() ? next.withOutcome(decision.escalation().get()) : next;
  }
}
