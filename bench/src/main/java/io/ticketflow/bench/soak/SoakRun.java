package io.ticketflow.bench.soak;

import static io.ticketflow.bench.Harness.doubleArg;
import static io.ticketflow.bench.Harness.intArg;
import static io.ticketflow.bench.Harness.stringArg;
import static io.ticketflow.bench.Harness.waitFor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.TicketflowProcessor;
import io.ticketflow.answer.AnswerStage;
import io.ticketflow.answer.AnswerStages;
import io.ticketflow.answer.LlmSettings;
import io.ticketflow.bench.BenchStack;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.llm.FakeOpenAiServer;
import io.ticketflow.testing.ScriptedMatcher;
import io.ticketflow.topology.Stages;
import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The soak run: the processor as production starts it ({@link TicketflowProcessor#run}, the
 * default configuration — exactly-once v2 — with the LLM stage chosen by {@link AnswerStages#create}
 * against the fake OpenAI-compatible server) under a steady mixed load, then a check that nothing
 * was lost or duplicated, figures as Markdown on stdout and a chart of latency, lag and heap over
 * time. Exits 1 when anything was lost or duplicated. Not part of CI.
 *
 * <p>Matching is the exact FAQ matcher with one weak fallback candidate ({@link ScriptedMatcher}),
 * so which path each inquiry takes is known in advance; the hybrid matcher's own cost is measured
 * by {@code MatcherBenchmark}.
 *
 * <pre>
 * java -Xmx1g ... io.ticketflow.bench.soak.SoakRun [--seconds 600] [--rate 166.67] [--llm-share 0.30]
 *     [--llm-latency-ms 300] [--escalation-share 0.05] [--duplicate-share 0.05] [--partitions 4]
 *     [--chart docs/soak-run.png]
 * </pre>
 */
public final class SoakRun {
  private static final String APP_ID = "soak";
  private static final String KEY = "sk-soak-not-a-real-key";

  private SoakRun() {}

  /** The run's parameters. */
  record Plan(int seconds, double rate, double llmShare, int llmLatencyMs, double escalationShare,
              double duplicateShare, int partitions) {
    long records() {
      return Math.round(rate * seconds);
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Plan plan = new Plan(intArg(args, "--seconds", 600), doubleArg(args, "--rate", 100_000 / 600.0),
        doubleArg(args, "--llm-share", 0.30), intArg(args, "--llm-latency-ms", 300),
        doubleArg(args, "--escalation-share", 0.05), doubleArg(args, "--duplicate-share", 0.05),
        intArg(args, "--partitions", 4));
    File chart = new File(stringArg(args, "--chart", "docs/soak-run.png"));
    String loadBefore = SoakReport.loadAverages();
    SoakReport report;
    try (EmbeddedStack stack = EmbeddedStack.start(); FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.latency(Duration.ofMillis(plan.llmLatencyMs()));
      BenchStack bench = new BenchStack(stack, APP_ID, plan.partitions(),
          Map.of(LlmSettings.BASE_URL, server.baseUrl()));
      // On the topic before the processor starts: the global FAQ store is loaded before RUNNING.
      bench.publishFaq();
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      AnswerStage answer = AnswerStages.create(bench.config, Map.of(LlmSettings.ENV_API_KEY, KEY), meters);
      Stages stages = Stages.of(bench.config, new ScriptedMatcher().otherwise(ScriptedMatcher.weakRefund()), meters)
          .withAnswer(answer);
      AutoCloseable answerResources = answer instanceof AutoCloseable closeable ? closeable : () -> { };
      try (answerResources; TicketflowProcessor processor = TicketflowProcessor.run(bench.config, stages)) {
        waitFor(() -> processor.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60));
        report = drive(plan, bench, server);
      } finally {
        bench.close();
      }
    }
    report.print(plan, loadBefore, SoakReport.loadAverages());
    SoakChart.write(chart, String.format(Locale.ROOT,
        "ticketflow soak run: %,d inquiries at %.0f/s, %.0f %% LLM at %d ms", plan.records(), plan.rate(),
        100 * plan.llmShare(), plan.llmLatencyMs()), report.sentOffsetMillis(), report.latencyMicros(), 10,
        report.samples());
    System.out.println("chart: " + chart.getPath());
    System.exit(report.lost() == 0 && report.duplicated() == 0 ? 0 : 1);
  }

  /** Sends the plan's records at its rate, waits for their outputs, and books the results. */
  private static SoakReport drive(Plan plan, BenchStack bench, FakeOpenAiServer server) throws Exception {
    long total = plan.records();
    InquiryMix mix = new InquiryMix(bench, plan.llmShare(), plan.escalationShare(), plan.duplicateShare());
    Map<String, InquiryMix.Kind> kinds = new HashMap<>();
    Map<String, Integer> sends = new HashMap<>();
    AtomicLong sent = new AtomicLong();
    long start = System.nanoTime();
    OutputLedger ledger = new OutputLedger(bench.stack.bootstrapServers(), bench.topics, start);
    ResourceSampler sampler = new ResourceSampler(start, () -> bench.lag(APP_ID, bench.topics.inquiries().name()),
        sent::get, ledger::outputs, () -> {
          // The fake server keeps every request for tests to inspect; cleared each second, so that
          // 30,000 prompts do not count in the heap figures.
          int max = server.maxConcurrentRequests();
          server.clearRequests();
          return max;
        });
    ledger.start();
    sampler.start();
    for (long n = 0; n < total; n++) {
      long wait = start + (long) (n * 1e9 / plan.rate()) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      InquiryMix.Draw draw = mix.next();
      String id = draw.inquiry().getInquiryId();
      if (draw.kind() != InquiryMix.Kind.DUPLICATE) {
        kinds.put(id, draw.kind());
      }
      sends.merge(id, 1, Integer::sum);
      ledger.sent(id, System.nanoTime());
      bench.send(draw.inquiry());
      sent.incrementAndGet();
    }
    bench.producer.flush();
    long sendEnd = System.nanoTime();
    int expectedOutputs = kinds.size();
    try {
      waitFor(() -> ledger.outputs() >= expectedOutputs && ledger.audits() >= total, Duration.ofMinutes(5));
    } catch (IllegalStateException timedOut) {
      System.err.println("not every output arrived within 5 minutes of the last send; reporting what did");
    }
    long drained = System.nanoTime();
    // A little longer, so that a second output for an inquiry, if any, is seen and counted.
    LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
    ledger.stop();
    List<ResourceSampler.GcTotals> gc = sampler.stop();
    return new SoakReport(kinds, sends, ledger, sampler.samples(), gc, (sendEnd - start) / 1e9,
        (drained - start) / 1e9, server.served());
  }
}
