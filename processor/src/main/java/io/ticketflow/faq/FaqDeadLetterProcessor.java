package io.ticketflow.faq;

import io.ticketflow.route.Outcome;
import io.ticketflow.route.WorkItem;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns the FAQ records the global FAQ thread rejected ({@link FaqRejects}) into dead-lettered
 * work items for the route stage, which writes their {@code DeadLetter} and audit record and
 * counts them. It sits on the feedback source of the inquiry sub-topology only to own a stream task
 * (and so a transactional producer); the records it sees are not forwarded. A wall-clock punctuator
 * drains the queue, so a bad FAQ record is dead-lettered even when no inquiry arrives; only the
 * task of partition 0 drains.
 *
 * <p>That task's store remembers the source position of every FAQ record it dead-lettered, in the
 * same transaction as the dead letter; the reject leaves {@link FaqRejects} only once that is
 * committed, so a dead letter of an aborted transaction is forwarded again. A bad record still on
 * the compacted topic is rejected again whenever an instance rebuilds its FAQ store (every start)
 * and by every instance of the application; it is dead-lettered and counted once all the same.
 */
public final class FaqDeadLetterProcessor implements Processor<byte[], byte[], String, WorkItem> {
  public static final String STAGE = "faq-dead-letters";
  static final Duration DRAIN_INTERVAL = Duration.ofMillis(200);
  /**
   * A dead letter remembered in the store for this long is committed: no transaction stays open
   * so long (the broker aborts one after {@code transaction.timeout.ms}, 10 s in Streams' default),
   * and an aborted one rolls the store back, so its reject is drained and forwarded again.
   */
  static final Duration COMMITTED_AFTER = Duration.ofMinutes(1);
  private final FaqRejects rejects;
  private final String storeName;
  private ProcessorContext<String, WorkItem> context;
  private KeyValueStore<String, Long> deadLettered;

  /** @param storeName position ({@link io.ticketflow.route.Origin#id()}) to time dead-lettered */
  public FaqDeadLetterProcessor(FaqRejects rejects, String storeName) {
    this.rejects = rejects;
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, WorkItem> context) {
    this.context = context;
    this.deadLettered = context.getStateStore(storeName);
    if (context.taskId().partition() == 0) {
      context.schedule(DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::drain);
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    // Feedback takes the feedback-join path; this node only needs the task.
  }

  private void drain(long now) {
    for (FaqRejects.Reject r : rejects.waiting()) {
      Long at = deadLettered.get(r.origin().id());
      if (at != null) {
        if (now - at >= COMMITTED_AFTER.toMillis()) {
          rejects.done(r.origin().id());
        }
        continue;
      }
      deadLettered.put(r.origin().id(), now);
      String key = r.origin().key() == null ? null : new String(r.origin().key(), java.nio.charset.StandardCharsets.UTF_8);
      WorkItem item = WorkItem.failed(r.origin(), new Outcome.DeadLettered(r.reason(), r.message()));
      context.forward(new Record<>(key, item, r.origin().timestamp()));
    }
  }
}
