package io.ticketflow.route;

/**
 * Where a record came from, with its original bytes: what a dead letter must carry so it can be
 * inspected and replayed. {@link #id()} ({@code topic-partition-offset}) is stable across
 * reprocessing, so it keys dead letters and the audit records of non-decisions.
 */
public record Origin(String topic, int partition, long offset, byte[] key, byte[] value, long timestamp) {

  public String id() {
    return topic + "-" + partition + "-" + offset;
  }
}
