package io.ticketflow.faq;

import io.ticketflow.route.Origin;
import io.ticketflow.schema.DeadLetterReason;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Bad FAQ records on their way from the global FAQ thread to the dead-letter topic.
 *
 * <p>Why a hand-off: the FAQ topic feeds a global store, and Kafka Streams 4.4 cannot produce
 * from the global thread (its processors cannot forward, and dead-letter records returned by an
 * exception handler there are refused: "DLQ support for global store/KTable will be added in a
 * future release"); nor may the same topic also be read by a regular stream. So {@link
 * FaqStoreProcessor} queues what it rejects here and {@link FaqDeadLetterProcessor}, a node of
 * the inquiry sub-topology, drains the queue and forwards dead letters into the route stage, where
 * they are produced in a stream task's transaction like every other dead letter.
 *
 * <p>One queue per application instance, bounded: if no task drains it (this instance owns no
 * inquiry partition 0), the oldest entries are dropped; each rejected record is still logged and
 * counted when it is rejected. When the global store is rebuilt from the topic through {@link
 * FaqStoreProcessor} (every start: the store is in memory), a bad record still on the compacted
 * topic is rejected and queued again; {@link FaqDeadLetterProcessor} remembers what it
 * dead-lettered and skips it.
 */
public final class FaqRejects {
  /** Most rejects held for the draining task; beyond this the oldest are dropped. */
  public static final int CAPACITY = 1_000;

  /** One rejected FAQ record. */
  public record Reject(Origin origin, DeadLetterReason reason, String message) {}

  private final ArrayDeque<Reject> queue = new ArrayDeque<>();
  private long dropped;

  /** Called by the global thread. */
  public synchronized void add(Reject reject) {
    if (queue.size() >= CAPACITY) {
      queue.removeFirst();
      dropped++;
    }
    queue.addLast(reject);
  }

  /** Called by the draining stream thread: everything queued so far, oldest first. */
  public synchronized List<Reject> drain() {
    if (queue.isEmpty()) {
      return List.of();
    }
    List<Reject> all = new ArrayList<>(queue);
    queue.clear();
    return all;
  }

  /** Rejects dropped because the queue was full. */
  public synchronized long dropped() {
    return dropped;
  }
}
