package io.ticketflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's answer to a failed stream thread: replace it, resuming from the last commit, unless
 * threads keep dying. Only recent failures count: a lifetime count stopped a processor after its
 * eleventh transient failure, however many weeks apart they were.
 */
final class ThreadReplacements implements StreamsUncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacements.class);
  /** A thread that keeps dying is not transient: past this many failures within {@link #WINDOW} the client stops. */
  static final int MAX_THREAD_REPLACEMENTS = 10;
  static final Duration WINDOW = Duration.ofMinutes(10);

  private final Clock clock;
  private final Deque<Instant> recent = new ArrayDeque<>();

  ThreadReplacements(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable e) {
    Instant now = clock.instant();
    while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
      recent.removeFirst();
    }
    recent.addLast(now);
    if (recent.size() > MAX_THREAD_REPLACEMENTS) {
      LOG.error("Stream threads failed {} times within {} min; shutting the processor down", recent.size(),
          WINDOW.toMinutes(), e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    // Bad records never reach here (they are dead-lettered); what does is infrastructure
    // (registry outage, broker trouble): a fresh thread resumes from the last commit.
    LOG.error("Stream thread failed; replacing it and resuming from the last commit", e);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
