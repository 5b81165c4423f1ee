package io.ticketflow.faq;

import io.ticketflow.route.Origin;
import io.ticketflow.schema.DeadLetterReason;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 * dead-lettered and skips it. A reject leaves the queue only once its dead letter is known to be
 * committed.
 */
public final class FaqRejects {
  /** Most rejects held for the draining task; beyond this the oldest are dropped. */
  public static final int CAPACITY = 1_000;

  /** One rejected FAQ record. */
  public record Reject(Origin origin, DeadLetterReason reason, String message) {}

  /** Source position ({@link Origin#id()}) -> reject, oldest first. */
  private final LinkedHashMap<String, Reject> waiting = new LinkedHashMap<>();
  private long dropped;

  /** Called by the global thread; a position already waiting is kept once. */
  public synchronized void add(Reject reject) {
    if (waiting.containsKey(reject.origin().id())) {
      return;
    }
    if (waiting.size() >= CAPACITY) {
      Iterator<String> oldest = waiting.keySet().iterator();
      oldest.next();
      oldest.remove();
      dropped++;
    }
    waiting.put(reject.origin().id(), reject);
  }

  /**
   * Called by the draining stream thread: the rejects waiting, oldest first. They stay until
   * {@link #done}: a dead letter forwarded in a transaction that is then aborted must be forwarded
   * again.
   */
  public synchronized List<Reject> waiting() {
    return List.copyOf(waiting.values());
  }

  /** The dead letter of the record at {@code position} is committed: it need not wait any more. */
  public synchronized void done(String position) {
    waiting.remove(position);
  }

  /** Rejects dropped because the queue was full. */
  public synchronized long dropped() {
    return dropped;
  }
}
