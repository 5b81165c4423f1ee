package io.ticketflow.bench.soak;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Once a second: the processor's consumer lag on the inquiries topic, heap in use, inquiries sent
 * and outputs seen so far, the most LLM calls in flight at once during the second, the machine's one-minute load average. GC totals come from the {@link
 * GarbageCollectorMXBean}s, as the difference between {@link #start()} and {@link #stop()}. Heap
 * and GC are the whole JVM's: broker, registry, fake model server, processor and load generator
 * share it.
 */
final class ResourceSampler {
  /** One second of the run. */
  record Sample(double seconds, long lag, long heapUsedMb, long sent, long outputs, int llmMaxInFlight,
      double loadAverage) {}

  /** A source of a figure that may fail (an admin call); a failed sample is recorded as -1. */
  interface Probe {
    long read() throws Exception;
  }

  /** GC activity of one collector during the run. */
  record GcTotals(String collector, long count, long millis) {}

  private final long startNanos;
  private final Probe lag;
  private final LongSupplier sent;
  private final LongSupplier outputs;
  private final LongSupplier llmMaxInFlight;
  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, long[]> gcAtStart = new LinkedHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "soak-sampler");
    t.setDaemon(true);
    return t;
  });

  ResourceSampler(long startNanos, Probe lag, LongSupplier sent, LongSupplier outputs, LongSupplier llmMaxInFlight) {
    this.startNanos = startNanos;
    this.lag = lag;
    this.sent = sent;
    this.outputs = outputs;
    this.llmMaxInFlight = llmMaxInFlight;
  }

  void start() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcAtStart.put(gc.getName(), new long[] {gc.getCollectionCount(), gc.getCollectionTime()});
    }
    timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
  }

  /** Stops sampling; returns the GC totals since {@link #start()}. */
  List<GcTotals> stop() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(30, TimeUnit.SECONDS);
    List<GcTotals> totals = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      long[] before = gcAtStart.getOrDefault(gc.getName(), new long[2]);
      totals.add(new GcTotals(gc.getName(), gc.getCollectionCount() - before[0], gc.getCollectionTime() - before[1]));
    }
    return totals;
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  private void sample() {
    long lagNow;
    try {
      lagNow = lag.read();
    } catch (Exception e) {
      lagNow = -1;
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    Sample s = new Sample((System.nanoTime() - startNanos) / 1e9, lagNow, heap, sent.getAsLong(),
        outputs.getAsLong(), (int) llmMaxInFlight.getAsLong(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    synchronized (this) {
      samples.add(s);
    }
    if (samples.size() % 10 == 0) {
      System.err.printf(Locale.ROOT, "t=%4.0f s sent=%,d outputs=%,d lag=%,d heap=%d MB llm-max-in-flight=%d load=%.1f%n",
          s.seconds(), s.sent(), s.outputs(), s.lag(), s.heapUsedMb(), s.llmMaxInFlight(), s.loadAverage());
    }
  }
}
