package io.ticketflow.answer;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one failure policy for the model (STYLE.md "Errors"): each attempt has a timeout and passes
 * a circuit breaker; failed attempts that may succeed later (429, 5xx, timeouts, dropped
 * connections) are retried with exponential backoff and full jitter, or after the server's
 * Retry-After when it sent one (capped). While the breaker is open calls fail at once with
 * {@link LlmCallException.Kind#CIRCUIT_OPEN}, so inquiries escalate promptly instead of queueing
 * behind a dead server. 429s do not count against the breaker: a busy server is not a down one.
 */
public final class ResilientAnswerClient implements AnswerClient {

  /** Settings of the policy. */
  public record Policy(Duration attemptTimeout, int maxAttempts, Duration initialBackoff,
      Duration maxBackoff, Duration maxRetryAfter, int breakerWindow, float breakerFailureRate,
      Duration breakerOpenFor) {

    public static Policy defaults() {
      return new Policy(Duration.ofSeconds(30), 4, Duration.ofMillis(500), Duration.ofSeconds(8),
          Duration.ofSeconds(30), 20, 50f, Duration.ofSeconds(30));
    }
  }

  private static final Duration HALF_OPEN_WAIT = Duration.ofMillis(500);

  private final AnswerClient delegate;
  private final Policy policy;
  private final ScheduledExecutorService scheduler;
  private final Retry retry;
  private final CircuitBreaker breaker;

  public ResilientAnswerClient(AnswerClient delegate, Policy policy, ScheduledExecutorService scheduler) {
    this.delegate = delegate;
    this.policy = policy;
    this.scheduler = scheduler;
    this.breaker = CircuitBreaker.of("llm", CircuitBreakerConfig.custom()
        .slidingWindowSize(policy.breakerWindow())
        .minimumNumberOfCalls(Math.max(2, policy.breakerWindow() / 2))
        .failureRateThreshold(policy.breakerFailureRate())
        .waitDurationInOpenState(policy.breakerOpenFor())
        .permittedNumberOfCallsInHalfOpenState(5)
        .recordException(ResilientAnswerClient::countsAsOutage)
        .build());
    this.retry = Retry.of("llm", RetryConfig.<LlmCompletion>custom()
        .maxAttempts(policy.maxAttempts())
        .retryOnException(e -> unwrap(e) instanceof LlmCallException call && call.kind().retryable())
        .intervalBiFunction((IntervalBiFunction<LlmCompletion>) (attempt, outcome) -> waitMillis(attempt,
            outcome.isLeft() ? unwrap(outcome.getLeft()) : null))
        .build());
  }

  @Override
  public CompletableFuture<LlmCompletion> complete(LlmPrompt prompt) {
    long started = System.nanoTime();
    AtomicInteger attempts = new AtomicInteger();
    CompletableFuture<LlmCompletion> result = Retry.decorateCompletionStage(retry, scheduler, () -> {
      attempts.incrementAndGet();
      return attempt(prompt);
    }).get().toCompletableFuture();
    return result.handle((completion, failure) -> {
      if (failure != null) {
        throw OpenAiAnswerClient.classify(unwrap(failure)).afterAttempts(attempts.get());
      }
      return completion.withTiming((System.nanoTime() - started) / 1_000_000, attempts.get());
    });
  }

  private CompletableFuture<LlmCompletion> attempt(LlmPrompt prompt) {
    if (!breaker.tryAcquirePermission()) {
      if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
        // A few probe calls are deciding whether the model is back; rather than escalate what
        // arrives meanwhile, wait for their verdict like for a Retry-After.
        return CompletableFuture.failedFuture(new LlmCallException(LlmCallException.Kind.CIRCUIT_HALF_OPEN,
            "circuit breaker probing the model", HALF_OPEN_WAIT, null));
      }
      return CompletableFuture.failedFuture(new LlmCallException(LlmCallException.Kind.CIRCUIT_OPEN,
          "circuit breaker open after repeated failures; not calling the model for now", null,
          CallNotPermittedException.createCallNotPermittedException(breaker)));
    }
    long start = breaker.getCurrentTimestamp();
    CompletableFuture<LlmCompletion> call;
    try {
      call = delegate.complete(prompt);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.orTimeout(policy.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle((completion, failure) -> {
          long duration = breaker.getCurrentTimestamp() - start;
          if (failure == null) {
            breaker.onSuccess(duration, breaker.getTimestampUnit());
            return completion;
          }
          Throwable cause = unwrap(failure);
          LlmCallException classified = cause instanceof TimeoutException
              ? new LlmCallException(LlmCallException.Kind.TIMEOUT, "no answer within "
                  + policy.attemptTimeout().toMillis() + " ms", null, null)
              : OpenAiAnswerClient.classify(cause);
          breaker.onError(duration, breaker.getTimestampUnit(), classified);
          throw new CompletionException(classified);
        });
  }

  private long waitMillis(int attempt, Throwable failure) {
    if (failure instanceof LlmCallException call && call.retryAfter().isPresent()) {
      Duration wait = call.retryAfter().get();
      return Math.min(wait.toMillis(), policy.maxRetryAfter().toMillis());
    }
    long ceiling = Math.min(policy.maxBackoff().toMillis(),
        policy.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
    return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
  }

  private static boolean countsAsOutage(Throwable e) {
    return e instanceof LlmCallException call && switch (call.kind()) {
      case SERVER_ERROR, TIMEOUT, IO -> true;
      default -> false;
    };
  }

  private static Throwable unwrap(Throwable e) {
    Throwable current = e;
    while (current instanceof CompletionException && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Whether calls are currently refused without trying. */
  public boolean isOpen() {
    return breaker.getState() == CircuitBreaker.State.OPEN;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
