package io.ticketflow.cli.demo;

import io.ticketflow.ops.FeedEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sent sample and what has been seen of it on the output topics. Records are matched on the
 * inquiry id and on the record's origin ({@code topic-partition-offset}), which keys the dead
 * letters and audit records of inputs that never became a valid inquiry.
 */
final class Probe {
  final int number;
  final SampleInquiry sample;
  final String inquiryId;
  final String originId;
  final long sentAtNanos;
  final List<FeedEvent> events = new CopyOnWriteArrayList<>();
  volatile boolean shown;

  Probe(int number, SampleInquiry sample, String inquiryId, String originId, long sentAtNanos) {
    this.number = number;
    this.sample = sample;
    this.inquiryId = inquiryId;
    this.originId = originId;
    this.sentAtNanos = sentAtNanos;
  }

  Set<String> ids() {
    return inquiryId == null ? Set.of(originId) : Set.of(inquiryId, originId);
  }

  boolean duplicate() {
    return sample.kind() == SampleInquiry.Kind.DUPLICATE;
  }

  /** The audit record that decides this probe: DUPLICATE for the redelivery, any other otherwise. */
  FeedEvent audit() {
    return events.stream().filter(e -> e.kind() == FeedEvent.Kind.AUDIT)
        .filter(e -> duplicate() == "DUPLICATE".equals(e.string("route")))
        .findFirst().orElse(null);
  }

  FeedEvent first(FeedEvent.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).findFirst().orElse(null);
  }

  String route() {
    FeedEvent audit = audit();
    return audit == null ? null : audit.string("route");
  }

  /** Whether the route implies a dead letter (invalid or undecodable input). */
  boolean deadLettered() {
    String route = route();
    return "REJECTED".equals(route) || "DEAD_LETTER".equals(route);
  }

  /** What is still missing on the topics; empty when complete. */
  List<String> missingOnTopics() {
    FeedEvent audit = audit();
    if (audit == null) {
      return List.of(duplicate() ? "DUPLICATE audit record" : "audit record");
    }
    if (duplicate()) {
      return List.of();
    }
    if (deadLettered()) {
      return first(FeedEvent.Kind.DEAD_LETTER) == null ? List.of("dead letter") : List.of();
    }
    boolean outcome = first(FeedEvent.Kind.REPLY) != null || first(FeedEvent.Kind.ESCALATION) != null;
    return outcome ? List.of() : List.of("reply or escalation");
  }

  boolean complete() {
    return missingOnTopics().isEmpty();
  }
}
