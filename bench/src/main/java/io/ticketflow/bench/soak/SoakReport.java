package io.ticketflow.bench.soak;

import io.ticketflow.bench.Harness;
import io.ticketflow.schema.Route;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The soak run's verdict and figures. Lost and duplicated are counted per inquiryId against what
 * the generator sent: every record sent has exactly one audit record (a redelivery gets its own,
 * route DUPLICATE); every distinct inquiry has exactly one decision in the audit and exactly one
 * reply-or-escalation; a redelivery adds no reply or escalation.
 */
final class SoakReport {
  private final Map<String, InquiryMix.Kind> kinds;
  private final Map<String, Integer> sends;
  private final OutputLedger ledger;
  private final List<ResourceSampler.Sample> samples;
  private final List<ResourceSampler.GcTotals> gc;
  private final double sendSeconds;
  private final double drainSeconds;
  private final long llmCalls;
  private final long heapAfterGcMb;
  private final Map<InquiryMix.Kind, Map<Route, Long>> routesByKind = new EnumMap<>(InquiryMix.Kind.class);
  private long lost;
  private long duplicated;
  private long unexpected;

  SoakReport(Map<String, InquiryMix.Kind> kinds, Map<String, Integer> sends, OutputLedger ledger,
             List<ResourceSampler.Sample> samples, List<ResourceSampler.GcTotals> gc, double sendSeconds,
             double drainSeconds, long llmCalls) {
    this.kinds = kinds;
    this.sends = sends;
    this.ledger = ledger;
    this.samples = samples;
    this.gc = gc;
    this.sendSeconds = sendSeconds;
    this.drainSeconds = drainSeconds;
    this.llmCalls = llmCalls;
    // Heap after a full collection, with the books still live: what the run left behind.
    System.gc();
    this.heapAfterGcMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    check();
  }

  private void check() {
    for (Map.Entry<String, InquiryMix.Kind> k : kinds.entrySet()) {
      OutputLedger.Entry e = ledger.entries().get(k.getKey());
      int expectedAudits = sends.get(k.getKey());
      if (e == null || e.outputs == 0 || e.decisions == 0 || e.audits < expectedAudits) {
        lost++;
      } else if (e.outputs > 1 || e.decisions > 1 || e.audits > expectedAudits) {
        duplicated++;
      }
      Route route = e == null || e.route == null ? Route.UNKNOWN : e.route;
      routesByKind.computeIfAbsent(k.getValue(), x -> new EnumMap<>(Route.class)).merge(route, 1L, Long::sum);
    }
    for (String id : ledger.entries().keySet()) {
      if (!kinds.containsKey(id)) {
        unexpected++;
      }
    }
  }

  long lost() {
    return lost;
  }

  long duplicated() {
    return duplicated + unexpected;
  }

  long[] sentOffsetMillis() {
    return ledger.sentOffsetMillis();
  }

  long[] latencyMicros() {
    return ledger.latencyMicros();
  }

  List<ResourceSampler.Sample> samples() {
    return samples;
  }

  void print(SoakRun.Plan plan, String loadBefore, String loadAfter) {
    long records = sends.values().stream().mapToLong(Integer::longValue).sum();
    long redeliveries = records - kinds.size();
    long[] latency = ledger.latencyMicros();
    long[] sentAt = ledger.sentOffsetMillis();
    long[] sorted = latency.clone();
    Arrays.sort(sorted);
    long warmupMillis = plan.seconds() * 100L; // the first 10 % of the send phase
    long[] steady = IntStream.range(0, latency.length).filter(i -> sentAt[i] >= warmupMillis)
        .mapToLong(i -> latency[i]).sorted().toArray();
    List<ResourceSampler.Sample> sending = samples.stream().filter(s -> s.seconds() <= sendSeconds).toList();
    out("| figure | value |");
    out("|---|---:|");
    out("| records sent (distinct inquiries + redeliveries) | %,d (%,d + %,d) |", records, kinds.size(), redeliveries);
    out("| planned: rate × duration | %.1f/s × %d s, %.0f %% LLM at %d ms, %.0f %% hand-off requests, "
        + "%.0f %% redeliveries |", plan.rate(), plan.seconds(), 100 * plan.llmShare(), plan.llmLatencyMs(),
        100 * plan.escalationShare(), 100 * plan.duplicateShare());
    out("| sent in | %.1f s (%.1f records/s) |", sendSeconds, records / sendSeconds);
    out("| all outputs committed after | %.1f s (%.1f s after the last send); %.1f records/s overall |",
        drainSeconds, drainSeconds - sendSeconds, records / drainSeconds);
    out("| outputs/s over 10 s windows while sending: min / max | %s |", windowRates(sending));
    for (InquiryMix.Kind kind : InquiryMix.Kind.values()) {
      if (routesByKind.containsKey(kind)) {
        out("| %s inquiries → decision in the audit | %s |", kind, routesByKind.get(kind));
      }
    }
    out("| audit records by route | %s |", ledger.auditRoutes());
    out("| DLQ records | %,d |", ledger.deadLetters());
    out("| LLM calls served by the fake server | %,d |", llmCalls);
    out("| **lost** / **duplicated** | **%d** / **%d** |", lost, duplicated + unexpected);
    out("| end-to-end latency, all %,d: p50 / p99 / p99.9 / max | %s |", sorted.length, percentiles(sorted));
    out("| end-to-end latency after the first 10 %% (%,d): p50 / p99 / p99.9 / max | %s |", steady.length,
        percentiles(steady));
    out("| consumer lag while sending: mean / p99 / max records | %s |", lag(sending));
    out("| heap used (sampled each second): mean / max; after a full GC at the end | %s; %d MB (max heap %d MB) |",
        heap(), heapAfterGcMb, Runtime.getRuntime().maxMemory() >> 20);
    for (ResourceSampler.GcTotals g : gc) {
      out("| GC %s | %,d collections, %,d ms (%.2f %% of the run) |", g.collector(), g.count(), g.millis(),
          100.0 * g.millis() / (drainSeconds * 1000));
    }
    out("| most LLM calls in flight at once | %d |",
        samples.stream().mapToInt(ResourceSampler.Sample::llmMaxInFlight).max().orElse(0));
    out("| load average (1/5/15 min) before / after; 1-min during: min / mean / max | %s / %s; %s |", loadBefore,
        loadAfter, loadDuring());
    out("| machine | %d cores, Java %s, %s |", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), System.getProperty("os.arch"));
  }

  private static String percentiles(long[] sorted) {
    if (sorted.length == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f ms", Harness.percentile(sorted, 0.50) / 1e3,
        Harness.percentile(sorted, 0.99) / 1e3, Harness.percentile(sorted, 0.999) / 1e3,
        sorted[sorted.length - 1] / 1e3);
  }

  private static String windowRates(List<ResourceSampler.Sample> s) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (int i = 10; i < s.size(); i += 10) {
      double rate = (s.get(i).outputs() - s.get(i - 10).outputs()) / (s.get(i).seconds() - s.get(i - 10).seconds());
      min = Math.min(min, rate);
      max = Math.max(max, rate);
    }
    return max == 0 ? "–" : String.format(Locale.ROOT, "%.1f / %.1f", min, max);
  }

  private static String lag(List<ResourceSampler.Sample> s) {
    long[] lags = s.stream().mapToLong(ResourceSampler.Sample::lag).filter(l -> l >= 0).sorted().toArray();
    if (lags.length == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.0f / %d / %d", Arrays.stream(lags).average().orElse(0),
        Harness.percentile(lags, 0.99), lags[lags.length - 1]);
  }

  private String heap() {
    return String.format(Locale.ROOT, "%.0f / %d MB",
        samples.stream().mapToLong(ResourceSampler.Sample::heapUsedMb).average().orElse(0),
        samples.stream().mapToLong(ResourceSampler.Sample::heapUsedMb).max().orElse(0));
  }

  private String loadDuring() {
    var stats = samples.stream().mapToDouble(ResourceSampler.Sample::loadAverage).summaryStatistics();
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", stats.getMin(), stats.getAverage(), stats.getMax());
  }

  /** The machine's 1, 5 and 15 minute load averages. */
  static String loadAverages() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static void out(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
