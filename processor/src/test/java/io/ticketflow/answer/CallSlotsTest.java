package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The shared call slots: calls wait for a slot and start on the thread that frees one. */
class CallSlotsTest {
  /** Requests the test completes by hand; started in the order the slots took them. */
  private final List<String> started = new ArrayList<>();
  private final List<CompletableFuture<String>> running = new ArrayList<>();
  private final CallSlots slots = new CallSlots(2, Runnable::run);

  private CallSlots.Call<String> call(String name) {
    return new CallSlots.Call<>(() -> {
      started.add(name);
      CompletableFuture<String> answer = new CompletableFuture<>();
      running.add(answer);
      return answer;
    }, failure -> "failed " + failure.getClass().getSimpleName());
  }

  @Test
  void callsBeyondTheSlotsWaitAndTheNextStartsAsSoonAsOneFinishes() {
    CallSlots.Call<String> a = call("a");
    CallSlots.Call<String> b = call("b");
    CallSlots.Call<String> c = call("c");
    slots.submit(a);
    slots.submit(b);
    slots.submit(c);

    assertThat(started).containsExactly("a", "b");
    assertThat(slots.free()).isZero();
    assertThat(slots.waiting()).isEqualTo(1);
    assertThat(c.started()).isFalse();

    running.get(0).complete("answer a");

    assertThat(a.result()).isCompletedWithValue("answer a");
    assertThat(started).as("the finished call's slot went to c at once").containsExactly("a", "b", "c");
    assertThat(c.started()).isTrue();
    assertThat(slots.free()).isZero();

    running.get(1).complete("answer b");
    running.get(2).complete("answer c");

    assertThat(c.result()).isCompletedWithValue("answer c");
    assertThat(slots.free()).isEqualTo(2);
    assertThat(slots.waiting()).isZero();
  }

  @Test
  void aFinishedCallStartsTheNextOnItsOwnThreadNotThroughTheStarter() throws Exception {
    java.util.concurrent.atomic.AtomicInteger handedToStarter = new java.util.concurrent.atomic.AtomicInteger();
    CallSlots one = new CallSlots(1, task -> {
      handedToStarter.incrementAndGet();
      task.run();
    });
    List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> first = new CompletableFuture<>();
    one.submit(new CallSlots.Call<>(() -> first, failure -> "failed"));
    CallSlots.Call<String> second = new CallSlots.Call<>(() -> {
      threads.add(Thread.currentThread().getName());
      return CompletableFuture.completedFuture("answer 2");
    }, failure -> "failed");
    one.submit(second);
    assertThat(handedToStarter).hasValue(1);

    Thread finisher = new Thread(() -> first.complete("answer 1"), "http-client-thread");
    finisher.start();
    finisher.join();

    assertThat(second.result()).isCompletedWithValue("answer 2");
    assertThat(threads).containsExactly("http-client-thread");
    assertThat(handedToStarter).hasValue(1);
  }

  @Test
  void manyCallsThatFailAtOnceAreWorkedOffWithoutRecursion() {
    CallSlots one = new CallSlots(1, Runnable::run);
    CompletableFuture<String> running = new CompletableFuture<>();
    one.submit(new CallSlots.Call<>(() -> running, failure -> "failed"));
    List<CallSlots.Call<String>> refused = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      // e.g. while the circuit breaker is open: every call fails as soon as it starts
      CallSlots.Call<String> call = new CallSlots.Call<>(
          () -> CompletableFuture.failedFuture(new IllegalStateException("open")), failure -> "escalated");
      refused.add(call);
      one.submit(call);
    }

    running.complete("answer");

    assertThat(refused).allSatisfy(call -> assertThat(call.result()).isCompletedWithValue("escalated"));
    assertThat(one.free()).isEqualTo(1);
  }

  @Test
  void aCancelledCallNeverStartsAndKeepsNoSlot() {
    CallSlots.Call<String> a = call("a");
    CallSlots.Call<String> b = call("b");
    CallSlots.Call<String> c = call("c");
    CallSlots.Call<String> d = call("d");
    slots.submit(a);
    slots.submit(b);
    slots.submit(c);
    slots.submit(d);

    assertThat(c.cancel()).isTrue();
    assertThat(a.cancel()).as("a runs already").isFalse();
    running.get(0).complete("answer a");

    assertThat(started).containsExactly("a", "b", "d");
    assertThat(c.result()).isNotDone();
    running.get(1).complete("answer b");
    running.get(2).complete("answer d");
    assertThat(slots.free()).isEqualTo(2);
  }

  @Test
  void aCallThatFailsUnexpectedlyGivesItsFallbackResultAndItsSlotBack() {
    CallSlots.Call<String> broken = new CallSlots.Call<>(() -> {
      throw new IllegalStateException("bug");
    }, failure -> "escalated");
    CallSlots.Call<String> failing = new CallSlots.Call<>(
        () -> CompletableFuture.failedFuture(new IllegalArgumentException("bug")), failure -> "escalated too");

    slots.submit(broken);
    slots.submit(failing);

    assertThat(broken.result()).isCompletedWithValue("escalated");
    assertThat(failing.result()).isCompletedWithValue("escalated too");
    assertThat(slots.free()).isEqualTo(2);
  }
}
