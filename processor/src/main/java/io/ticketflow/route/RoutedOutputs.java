package io.ticketflow.route;

import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.Reply;

/**
 * Every record one routed item produces: its audit record and at most one of reply, escalation
 * or dead letter. They are built together, in one node, before any of them is forwarded: if
 * building one fails (a bug), the processing exception handler dead-letters the input while
 * nothing else of it has gone out, so the input still has exactly one audit record.
 */
public record RoutedOutputs(WorkItem item, Reply reply, Escalation escalation, String deadLetterKey,
    DeadLetter deadLetter, String auditKey, AuditRecord audit) {

  /** Builds the outputs of {@code item}, stamped {@code now}. */
  public static RoutedOutputs of(WorkItem item, RouteRecords records, long now) {
    Outcome o = item.outcome();
    Reply reply = o instanceof Outcome.Answered ? records.reply(item, now) : null;
    Escalation escalation = o instanceof Outcome.Escalated ? records.escalation(item, now) : null;
    boolean dead = RouteMetricsProcessor.isDeadLetter(item);
    return new RoutedOutputs(item, reply, escalation, dead ? item.origin().id() : null,
        dead ? records.deadLetter(item, now) : null, RouteRecords.auditKey(item), records.audit(item, now));
  }
}
