package io.ticketflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WaitsTest {

  /** A processor that failed while starting is reported at once, not after the whole wait. */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aHopelessWaitEndsAtOnceWithItsReason() {
    AtomicInteger polls = new AtomicInteger();
    assertThatThrownBy(() -> Waits.until(() -> false,
        () -> polls.incrementAndGet() < 3 ? Optional.empty() : Optional.of("it went to ERROR"), 3_600,
        "the processor did not reach RUNNING"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the processor did not reach RUNNING: it went to ERROR");
    assertThat(polls).hasValue(3);
  }

  @Test
  void aConditionThatComesTrueEndsTheWait() {
    AtomicInteger checks = new AtomicInteger();
    AtomicInteger asked = new AtomicInteger();
    Waits.until(() -> checks.incrementAndGet() >= 3, () -> {
      asked.incrementAndGet();
      return Optional.empty();
    }, 60, "never");
    assertThat(checks).hasValue(3);
    assertThat(asked).as("asked while the condition was false").hasValue(2);
  }

  @Test
  void aPlainWaitStillTimesOut() {
    assertThatThrownBy(() -> Waits.until(() -> false, 0, "nothing happened"))
        .hasMessage("nothing happened within 0 s");
  }

  @Test
  void theProcessorsStoppedStatesAreHopelessAndItsStartingStatesAreNot() {
    assertThat(Demo.stoppedWhileStarting(KafkaStreams.State.ERROR)).hasValueSatisfying(
        why -> assertThat(why).contains("ERROR while starting"));
    assertThat(Demo.stoppedWhileStarting(KafkaStreams.State.PENDING_ERROR)).isPresent();
    assertThat(Demo.stoppedWhileStarting(KafkaStreams.State.NOT_RUNNING)).isPresent();
    assertThat(Demo.stoppedWhileStarting(KafkaStreams.State.PENDING_SHUTDOWN)).isPresent();
    assertThat(Demo.stoppedWhileStarting(KafkaStreams.State.CREATED)).isEmpty();
    assertThat(Demo.stoppedWhileStarting(KafkaStreams.State.REBALANCING)).isEmpty();
    assertThat(Demo.stoppedWhileStarting(KafkaStreams.State.RUNNING)).isEmpty();
  }
}
