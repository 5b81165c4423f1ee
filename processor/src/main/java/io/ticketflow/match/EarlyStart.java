package io.ticketflow.match;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A computation offered to another thread while the caller does something else, and run by
 * whichever comes first: a pool thread, or the caller when it asks for the result. So the caller
 * never waits for a busy pool (at worst it does the work itself, as it would have without the
 * pool), and the work runs exactly once.
 */
final class EarlyStart<T> {

  /**
   * The shared pool for a match's independent look-ups, one thread per core: the caller runs the
   * work itself whenever the pool is busy, so it needs no more.
   */
  static final Executor LOOKAHEAD = Executors.newFixedThreadPool(
      Runtime.getRuntime().availableProcessors(), SentenceEmbedder.daemon("ticketflow-lookahead"));

  private final Supplier<T> work;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CompletableFuture<T> result = new CompletableFuture<>();

  private EarlyStart(Supplier<T> work) {
    this.work = work;
  }

  /** Offers {@code work} to {@code executor}; {@link #join} runs it if no pool thread has yet. */
  static <T> EarlyStart<T> offer(Supplier<T> work, Executor executor) {
    EarlyStart<T> start = new EarlyStart<>(work);
    executor.execute(start::claimAndRun);
    return start;
  }

  /** The result, computed on this thread unless a pool thread has started it (then waited for). */
  T join() {
    claimAndRun();
    try {
      return result.join();
    } catch (CompletionException e) {
      // Rethrow what the work threw, as if the caller had run it.
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private void claimAndRun() {
    if (claimed.compareAndSet(false, true)) {
      try {
        result.complete(work.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      }
    }
  }
}
