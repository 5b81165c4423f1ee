package io.ticketflow.faq;

import io.ticketflow.route.Outcome;
import io.ticketflow.route.WorkItem;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns the FAQ records the global FAQ thread rejected ({@link FaqRejects}) into dead-lettered
 * work items for the route stage, which writes their {@code DeadLetter} and audit record and
 * counts them. It sits on the feedback source of the inquiry sub-topology only to own a stream task
 * (and so a transactional producer); the records it sees are not forwarded. A wall-clock punctuator
 * drains the queue, so a bad FAQ record is dead-lettered even when no inquiry arrives; only the
 * task of partition 0 drains, so each instance dead-letters a rejected record once.
 */
public final class FaqDeadLetterProcessor implements Processor<String, byte[], String, WorkItem> {
  public static final String STAGE = "faq-dead-letters";
  static final Duration DRAIN_INTERVAL = Duration.ofMillis(200);
  private final FaqRejects rejects;
  private ProcessorContext<String, WorkItem> context;

  public FaqDeadLetterProcessor(FaqRejects rejects) {
    this.rejects = rejects;
  }

  @Override
  public void init(ProcessorContext<String, WorkItem> context) {
    this.context = context;
    if (context.taskId().partition() == 0) {
      context.schedule(DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::drain);
    }
  }

  @Override
  public void process(Record<String, byte[]> record) {
    // Feedback takes the feedback-join path; this node only needs the task.
  }

  private void drain(long now) {
    for (FaqRejects.Reject r : rejects.drain()) {
      String key = r.origin().key() == null ? null : new String(r.origin().key(), java.nio.charset.StandardCharsets.UTF_8);
      WorkItem item = WorkItem.failed(r.origin(), new Outcome.DeadLettered(r.reason(), r.message()));
      context.forward(new Record<>(key, item, r.origin().timestamp()));
    }
  }
}
