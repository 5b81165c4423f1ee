package io.ticketflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {
  private Instant now = Instant.parse("2026-12-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @Test
  void aThreadThatKeepsDyingStopsTheProcessor() {
    ThreadReplacements handler = new ThreadReplacements(clock);
    for (int i = 0; i < ThreadReplacements.MAX_THREAD_REPLACEMENTS; i++) {
      assertThat(handler.handle(new IllegalStateException("registry down")))
          .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
      now = now.plusSeconds(5);
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
      now = now.plus(Duration.ofDays(2));
    }
  }
}
