package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EarlyStartTest {

  @Test
  void callerRunsTheWorkWhenNoPoolThreadHasTakenIt() {
    List<Runnable> neverRun = new ArrayList<>();
    AtomicInteger runs = new AtomicInteger();
    EarlyStart<String> start = EarlyStart.offer(() -> {
      runs.incrementAndGet();
      return Thread.currentThread().getName();
    }, neverRun::add);

    assertThat(start.join()).isEqualTo(Thread.currentThread().getName());
    assertThat(runs).hasValue(1);
  }

  @Test
  void workRunsOnceWhenThePoolTakesItLate() {
    List<Runnable> queued = new ArrayList<>();
    AtomicInteger runs = new AtomicInteger();
    EarlyStart<Integer> start = EarlyStart.offer(runs::incrementAndGet, queued::add);

    assertThat(start.join()).isEqualTo(1);
    queued.forEach(Runnable::run);
    assertThat(runs).hasValue(1);
    assertThat(start.join()).isEqualTo(1);
  }

  @Test
  void resultComputedByThePoolIsTheCallersResult() {
    AtomicInteger runs = new AtomicInteger();
    EarlyStart<Integer> start = EarlyStart.offer(runs::incrementAndGet, Runnable::run);

    assertThat(runs).hasValue(1);
    assertThat(start.join()).isEqualTo(1);
    assertThat(runs).hasValue(1);
  }

  @Test
  void callerSeesTheExceptionTheWorkThrew() {
    IllegalStateException failure = new IllegalStateException("index closed");
    EarlyStart<Integer> start = EarlyStart.offer(() -> {
      throw failure;
    }, Runnable::run);

    assertThatThrownBy(start::join).isSameAs(failure);
  }
}
