package io.ticketflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T00:00:00Z"));

  @Test
  void aThreadThatKeepsDyingStopsTheProcessor() {
    ThreadReplacements handler = new ThreadReplacements(clock);
    for (int i = 0; i < ThreadReplacements.MAX_THREAD_REPLACEMENTS; i++) {
      assertThat(handler.handle(new IllegalStateException("registry down")))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
      clock.advance(Duration.ofSeconds(5));
    }
    assertThat(handler.handle(new IllegalStateException("registry down")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  /** Failures days apart (a registry outage now and then) are each transient: a processor keeps running. */
  @Test
  void failuresFarApartAreEachReplaced() {
    ThreadReplacements handler = new ThreadReplacements(clock);
    for (int i = 0; i < 3 * ThreadReplacements.MAX_THREAD_REPLACEMENTS; i++) {
      assertThat(handler.handle(new IllegalStateException("registry down"))).as("failure %d", i + 1)
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
      clock.advance(Duration.ofDays(2));
    }
  }
}
