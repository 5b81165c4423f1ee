package io.ticketflow.cli.demo;

import io.ticketflow.ops.FeedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sent probes and what the outcome feed has shown of them: files each output record under its
 * probe(s) and prints a probe's table row the moment it is complete.
 */
final class ProbeBoard implements Consumer<FeedEvent> {
  private final OutcomeTable table;
  private final long startedNanos;
  /** An id can belong to two probes: the redelivered inquiry shares its id with the first one. */
  private final Map<String, List<Probe>> byId = new ConcurrentHashMap<>();
  private final List<Probe> probes = new CopyOnWriteArrayList<>();
  private volatile long firstShownMillis = -1;

  ProbeBoard(OutcomeTable table, long startedNanos) {
    this.table = table;
    this.startedNanos = startedNanos;
  }

  void add(Probe p) {
    probes.add(p);
    p.ids().forEach(id -> byId.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(p));
  }

  @Override
  public synchronized void accept(FeedEvent e) {
    for (Probe p : byId.getOrDefault(e.inquiryId(), List.of())) {
      p.events.add(e);
      if (!p.shown && p.complete()) {
        p.shown = true;
        if (firstShownMillis < 0) {
          firstShownMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        }
        table.row(p);
      }
    }
  }

  List<Probe> probes() {
    return List.copyOf(probes);
  }

  /** Milliseconds from the demo's start to the first row shown, or -1. */
  long firstShownMillis() {
    return firstShownMillis;
  }

  /** Waits until every probe is complete on the topics; returns what is still missing. */
  List<String> awaitTopics(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !probes.stream().allMatch(Probe::complete)) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    List<String> missing = new ArrayList<>();
    for (Probe p : probes) {
      p.missingOnTopics().forEach(m -> missing.add("#" + p.number + " (" + p.sample.label() + "): " + m + " on the topics"));
    }
    return missing;
  }
}
