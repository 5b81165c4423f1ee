package io.ticketflow.answer;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The instance's {@code llm.max-in-flight} call slots, shared by all its tasks, and the calls that
 * are ready and wait for one.
 *
 * <p>Stream threads prepare calls (the conversation's head and its history, which only a stream
 * thread may read from the store) and {@link #submit} them; a call starts as soon as a slot is
 * free, on whichever thread freed it. So a finished call hands its slot to the next one at once,
 * without waiting for a stream thread to come by — which it does only between polls, punctuations
 * and exactly-once commits (docs/benchmarks.md, "LLM answer stage"). Results still go back to the
 * stream thread, which emits them inside its transaction.
 */
final class CallSlots {
  private static final int READY = 0;
  private static final int STARTED = 1;
  private static final int CANCELLED = 2;

  private final int capacity;
  private final Semaphore slots;
  private final Queue<Call<?>> ready = new ConcurrentLinkedQueue<>();
  private final Executor starter;
  /** Whether this thread is inside {@link #startReady}. */
  private final ThreadLocal<Boolean> starting = ThreadLocal.withInitial(() -> false);

  /**
   * @param starter starts the calls submitted by stream threads: building a request and handing
   *     it to the HTTP client costs milliseconds of CPU that should not hold a stream thread
   */
  CallSlots(int maxInFlight, Executor starter) {
    this.capacity = maxInFlight;
    this.slots = new Semaphore(maxInFlight);
    this.starter = starter;
  }

  /** A prepared call; {@link #result()} completes when it ran, never when it was cancelled first. */
  static final class Call<T> {
    private final Supplier<CompletableFuture<T>> request;
    private final Function<Throwable, T> onFailure;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(READY);

    /**
     * @param request starts the call
     * @param onFailure the result when starting or running it failed unexpectedly
     */
    Call(Supplier<CompletableFuture<T>> request, Function<Throwable, T> onFailure) {
      this.request = request;
      this.onFailure = onFailure;
    }

    CompletableFuture<T> result() {
      return result;
    }

    /** Withdraws the call if it has not started; true when it will not start. */
    boolean cancel() {
      return state.compareAndSet(READY, CANCELLED) || state.get() == CANCELLED;
    }

    boolean started() {
      return state.get() == STARTED;
    }
  }

  /** Queues a call; it starts now if a slot is free, else when one is. */
  void submit(Call<?> call) {
    ready.add(call);
    startReady(starter);
  }

  /** How many calls may run at once. */
  int capacity() {
    return capacity;
  }

  /** Calls that could start right now (for tests and metrics). */
  int free() {
    return slots.availablePermits();
  }

  /** Calls submitted and neither started nor cancelled yet. */
  int waiting() {
    return (int) ready.stream().filter(c -> c.state.get() == READY).count();
  }

  /*
   * Called after every submit and after every release: whichever side acts second sees the
   * other's change (a queued call or a free slot), so no call waits while a slot is free.
   *
   * A stream thread hands the start to the starter; a finished call's thread (an HTTP client
   * thread, idle otherwise) starts the next call itself: one thread hand-off less per call, which
   * on a busy machine costs more than the work (measured: the 2 starter threads queued calls for
   * ~110 ms at load 20). A call that fails at once (circuit open) completes inside start(); the
   * nested startReady() then leaves the work to the loop already running on this thread.
   */
  private void startReady(Executor executor) {
    if (starting.get()) {
      return;
    }
    starting.set(true);
    try {
      while (!ready.isEmpty() && slots.tryAcquire()) {
        Call<?> call = ready.poll();
        if (call == null || !call.state.compareAndSet(READY, STARTED)) {
          slots.release();
          continue;
        }
        start(call, executor);
      }
    } finally {
      starting.set(false);
    }
  }

  private <T> void start(Call<T> call, Executor executor) {
    CompletableFuture<T> running;
    try {
      running = CompletableFuture.supplyAsync(call.request, executor).thenCompose(started -> started);
    } catch (RejectedExecutionException e) {
      running = CompletableFuture.failedFuture(e);
    }
    running.exceptionally(call.onFailure).whenComplete((result, failure) -> {
      slots.release();
      if (failure != null) {
        call.result.completeExceptionally(failure);
      } else {
        call.result.complete(result);
      }
      startReady(Runnable::run);
    });
  }
}
