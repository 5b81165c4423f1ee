package io.ticketflow.answer;

import java.time.Duration;
import java.util.Optional;

/**
 * A model call that failed, classified for the resilience policy. Messages never contain the API
 * key or the prompt.
 */
public class LlmCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the call failed. */
  public enum Kind {
    /** 429: retry after the server's Retry-After, if any. */
    RATE_LIMITED(true),
    /** 5xx: retry with backoff. */
    SERVER_ERROR(true),
    /** No answer in time: retry with backoff. */
    TIMEOUT(true),
    /** Connection refused, reset or dropped: retry with backoff. */
    IO(true),
    /** 4xx other than 429 (bad request, bad key, unknown model), and 429 insufficient_quota: retrying will not help. */
    CLIENT_ERROR(false),
    /** The circuit breaker is open: the model is treated as down without calling it. */
    CIRCUIT_OPEN(false),
    /** The breaker is probing whether the model is back: wait briefly for its verdict. */
    CIRCUIT_HALF_OPEN(true),
    /** The tenant's daily budget is spent. */
    BUDGET_EXHAUSTED(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final transient Duration retryAfter;
  private final int attempts;

  public LlmCallException(Kind kind, String message, Duration retryAfter, Throwable cause) {
    this(kind, message, retryAfter, cause, 1);
  }

  private LlmCallException(Kind kind, String message, Duration retryAfter, Throwable cause, int attempts) {
    super(kind + ": " + message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
    this.attempts = attempts;
  }

  public Kind kind() {
    return kind;
  }

  /** The server's Retry-After, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** How many calls were made before giving up. */
  public int attempts() {
    return attempts;
  }

  /** This failure after {@code attempts} calls. */
  public LlmCallException afterAttempts(int attempts) {
    LlmCallException copy = new LlmCallException(kind, getMessage().substring(kind.name().length() + 2),
        retryAfter, getCause(), attempts);
    copy.setStackTrace(getStackTrace());
    return copy;
  }
}
