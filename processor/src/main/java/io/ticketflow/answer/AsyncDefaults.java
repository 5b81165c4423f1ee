package io.ticketflow.answer;

import java.util.concurrent.ForkJoinPool;

/**
 * The JVM-wide executor behind {@code CompletableFuture}'s {@code *Async} methods without an
 * executor argument. openai-java's async client sends every request from such a step
 * ({@code thenComposeAsync} in its chat completions service, no setting to change it). The JDK
 * runs those on the common {@link ForkJoinPool} only when that pool's parallelism is at least 2;
 * otherwise it starts a new thread per step. The common pool's parallelism defaults to the CPU
 * count minus one, so on a 2-CPU machine or container every LLM call started and ended a thread
 * (measured: 20,000 threads for 20,000 calls in the LLM stage benchmark).
 */
public final class AsyncDefaults {
  /** The system property the JDK reads once, when the common pool is created. */
  public static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private AsyncDefaults() {}

  /**
   * Asks for a common pool of at least 2 threads unless the property is set already. Effective only
   * before the JVM first uses {@code CompletableFuture} or the common pool, so call it first thing
   * in {@code main}; {@link #pooled()} tells whether it took effect.
   */
  public static void preferPooledAsync() {
    if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(PARALLELISM, "2");
    }
  }

  /** Whether default-executor async steps run on the common pool rather than a new thread each. */
  public static boolean pooled() {
    return ForkJoinPool.getCommonPoolParallelism() > 1;
  }
}
