package io.ticketflow.bench.llm;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.TicketflowProcessor;
import io.ticketflow.bench.Harness;
import io.ticketflow.answer.AnswerStage;
import io.ticketflow.answer.AnswerStages;
import io.ticketflow.answer.AsyncDefaults;
import io.ticketflow.answer.LlmAnswerStage;
import io.ticketflow.answer.LlmAnswering;
import io.ticketflow.answer.LlmBudget;
import io.ticketflow.answer.LlmSettings;
import io.ticketflow.answer.OpenAiAnswerClient;
import io.ticketflow.answer.PromptTemplates;
import io.ticketflow.answer.SynchronousAnswerStage;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.llm.FakeOpenAiServer;
import io.ticketflow.schema.Channel;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.testing.ScriptedMatcher;
import io.ticketflow.topology.Stages;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The LLM stage's throughput against the fake server at a fixed latency, versus (a) the limit
 * {@code max-in-flight / latency} and (b) a naive stage that blocks the stream thread on each call,
 * in the same run. Prints a Markdown table, one row per measured round.
 *
 * <p>All rounds of the async stage run on one processor, as on a processor that has been up for a
 * while (the blocking baseline gets its own, after the async rounds of each latency). A cold JVM
 * spends most of its CPU compiling (JIT): measured ~7 ms of CPU per inquiry in a first round
 * against 2–2.7 ms warm. So uncounted warm-up rounds run first — at least {@code --warmup}, then
 * more until the JIT compiler threads' share of the process CPU in a round is at most
 * {@code --jit-share}, at most {@code --warmup-max} — and every row reports that share.
 *
 * <pre>
 * java ... io.ticketflow.bench.llm.LlmStageBenchmark [inquiries=2000] [maxInFlight=64] [latenciesMs=100,500]
 *     [--rounds 3] [--warmup 3] [--warmup-max 15] [--jit-share 0.15]
 * </pre>
 */
public final class LlmStageBenchmark {
  private static final String KEY = "sk-bench-not-a-real-key";
  /** How often the thread CPU times are read while a round runs (threads that end take theirs along). */
  private static final long SAMPLE_NANOS = Duration.ofMillis(250).toNanos();
  /** {@code -Dllmbench.profile=true}: print each round's CPU by thread group to stderr. */
  private static final boolean PROFILE = Boolean.getBoolean("llmbench.profile");
  /** Native names (cut to 15 characters) of HotSpot's JIT compiler threads. */
  private static final String[] JIT_THREADS = {"C1 CompilerThre", "C2 CompilerThre"};

  private LlmStageBenchmark() {}

  public static void main(String[] args) throws Exception {
    // As the processor's main does (AsyncDefaults): else the OpenAI client starts a thread per call here.
    AsyncDefaults.preferPooledAsync();
    List<String> positional = new java.util.ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--")) {
        break;
      }
      positional.add(arg);
    }
    int inquiries = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 2000;
    int maxInFlight = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 64;
    int[] latencies = positional.size() > 2
        ? java.util.Arrays.stream(positional.get(2).split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {100, 500};
    System.err.println("common fork-join pool parallelism " + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
    int rounds = Harness.intArg(args, "--rounds", 3);
    int warmup = Harness.intArg(args, "--warmup", 3);
    int warmupMax = Math.max(warmup, Harness.intArg(args, "--warmup-max", 15));
    double jitShare = Harness.doubleArg(args, "--jit-share", 0.15);
    StringBuilder table = new StringBuilder()
        .append("| latency | mode | round | inquiries | inquiries/s | limit (in-flight ÷ latency) | % of limit"
            + " | vs blocking | JVM CPU per inquiry | JIT share of CPU | CPU per inquiry without JIT | load average"
            + " | heap used after GC |\n")
        .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    try (EmbeddedStack stack = EmbeddedStack.start(); FakeOpenAiServer server = FakeOpenAiServer.start();
        Session async = new Session(stack, server, maxInFlight, false)) {
      server.latency(Duration.ofMillis(latencies[0]));
      for (int i = 1; i <= warmupMax; i++) {
        Run run = async.round(inquiries, Duration.ofMillis(latencies[0]));
        System.err.printf(Locale.ROOT, "warm-up %d at %d ms: %.1f/s, %.2f ms CPU per inquiry, JIT %.1f %%, load %.1f%n",
            i, latencies[0], run.rate, run.cpuMsPerInquiry, 100 * run.jitShare, run.loadAverage);
        if (i >= warmup && run.jitShare <= jitShare) {
          break;
        }
      }
      for (int latencyMs : latencies) {
        server.latency(Duration.ofMillis(latencyMs));
        double limit = maxInFlight * 1000.0 / latencyMs;
        List<Run> runs = new java.util.ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
          Run run = async.round(inquiries, Duration.ofMillis(latencyMs));
          runs.add(run);
          System.err.printf(Locale.ROOT, "round %d at %d ms: %.1f/s (%.1f %%), %.2f ms CPU per inquiry, JIT %.1f %%,"
              + " load %.1f%n", round, latencyMs, run.rate, 100 * run.rate / limit, run.cpuMsPerInquiry,
              100 * run.jitShare, run.loadAverage);
        }
        int blockingCount = Math.max(10, 10_000 / latencyMs);
        Run blocking;
        // After the async rounds: starting and stopping another processor leaves work (compiling,
        // cleaning up) that would land in the next measured window.
        try (Session naive = new Session(stack, server, maxInFlight, true)) {
          blocking = naive.round(blockingCount, Duration.ofMillis(latencyMs));
        }
        table.append(String.format(Locale.ROOT,
            "| %d ms | blocking call in the stream thread | – | %d | %.1f | – | %.1f %% | 1× | %.1f ms | %.0f %% | %.1f ms"
                + " | %.1f | %d MB |%n",
            latencyMs, blockingCount, blocking.rate, 100 * blocking.rate / limit, blocking.cpuMsPerInquiry,
            100 * blocking.jitShare, blocking.cpuMsPerInquiry * (1 - blocking.jitShare), blocking.loadAverage,
            blocking.heapMb));
        for (int round = 1; round <= runs.size(); round++) {
          Run run = runs.get(round - 1);
          table.append(String.format(Locale.ROOT,
              "| %d ms | async stage, max-in-flight %d | %d | %d | %.1f | %.0f | %.1f %% | %.0f× | %.2f ms | %.1f %%"
                  + " | %.2f ms | %.1f | %d MB |%n",
              latencyMs, maxInFlight, round, inquiries, run.rate, limit, 100 * run.rate / limit,
              run.rate / blocking.rate, run.cpuMsPerInquiry, 100 * run.jitShare,
              run.cpuMsPerInquiry * (1 - run.jitShare), run.loadAverage, run.heapMb));
        }
        System.err.println("done: latency " + latencyMs + " ms");
      }
    }
    System.out.println(table);
  }

  /**
   * @param rate inquiries per second from when the first answered call went out (one latency
   *     before the first audit record) to the last audit record
   * @param cpuMsPerInquiry CPU time of the whole JVM (broker, registry, processor, fake server,
   *     client) from the first audit record to the last, per inquiry: on this 2-core machine the
   *     benchmark cannot go faster than 2,000 ms per second divided by it
   * @param jitShare the JIT compiler threads' part of that CPU time
   * @param loadAverage the machine's 1-minute load average at the end of the run
   */
  record Run(double rate, double cpuMsPerInquiry, double jitShare, double loadAverage, long heapMb) {}

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * A processor with the async or the blocking stage and a read_committed consumer of its audit
   * topic. Rounds run one after another on the same processor, as on a processor that has been up
   * for a while: no start-up, rebalance or shutdown work (and no compiling of it) in a round.
   */
  private static final class Session implements AutoCloseable {
    private final FakeOpenAiServer server;
    private final int maxInFlight;
    private final boolean blocking;
    private final LlmAnswerStage llm;
    /** The blocking stage's own client, or null. */
    private final LlmAnswering naive;
    private final TicketflowProcessor processor;
    private final Topics topics;
    private final KafkaProducer<String, Inquiry> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private int rounds;

    Session(EmbeddedStack stack, FakeOpenAiServer server, int maxInFlight, boolean blocking) throws Exception {
      this.server = server;
      this.maxInFlight = maxInFlight;
      this.blocking = blocking;
      String id = "llmbench-" + UUID.randomUUID().toString().substring(0, 8);
      Map<String, String> props = new HashMap<>();
      props.put(TicketflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
      props.put(TicketflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
      props.put(TicketflowConfig.APPLICATION_ID, id);
      props.put(TicketflowConfig.TOPIC_PREFIX, id + ".");
      props.put(TicketflowConfig.TOPIC_PARTITIONS, "4");
      props.put(LlmSettings.BASE_URL, server.baseUrl());
      props.put(LlmSettings.MAX_IN_FLIGHT, String.valueOf(maxInFlight));
      props.put("kafka.state.dir", Files.createTempDirectory("llm-bench").toString());
      TicketflowConfig config = new TicketflowConfig(props);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      LlmSettings settings = LlmSettings.from(config, Map.of(LlmSettings.ENV_API_KEY, KEY));
      this.llm = AnswerStages.llm(settings, meters, Clock.systemUTC());
      this.naive = blocking ? new LlmAnswering(new OpenAiAnswerClient(settings.baseUrl(), settings.apiKey(),
          settings.timeout(), settings.maxCompletionTokens()), new PromptTemplates(null), settings,
          new LlmBudget(0, 0, Clock.systemUTC()), meters) : null;
      AnswerStage stage = blocking ? blockingStage(naive) : llm;
      Stages stages = Stages.of(config, new ScriptedMatcher().otherwise(ScriptedMatcher.weakRefund()), meters)
          .withAnswer(stage);
      this.topics = new Topics(config.topicPrefix(), stages.registry(), config.serdeConfig());
      this.processor = TicketflowProcessor.run(config, stages);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!processor.isRunning() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      this.producer = producer(stack, topics);
      this.consumer = consumer(stack);
      consumer.subscribe(List.of(topics.audit().name()));
    }

    /**
     * Sends {@code count} new inquiries that all need the model and waits for their audit records.
     *
     * @param latency the fake server's latency: the window starts that long before the first audit
     *     record, when its call went out (from the first record alone, 2,000 inquiries in waves of
     *     64 would read ~3 % above the rate the slots allow)
     */
    Run round(int count, Duration latency) {
      int round = ++rounds;
      for (int i = 0; i < count; i++) {
        Inquiry in = Inquiry.newBuilder().setInquiryId("q-" + round + "-" + i).setConversationId("c-" + round + "-" + i)
            .setTenantId("bench").setChannel(Channel.WEB_CHAT).setCustomerId(null).setLanguage("en")
            .setText("I need help with refund number " + i).setReceivedAt(Instant.now()).setMetadata(Map.of()).build();
        producer.send(new ProducerRecord<>(topics.inquiries().name(), in.getConversationId(), in));
      }
      producer.flush();
      long first = 0;
      long firstCpu = 0;
      ThreadCpu threads = null;
      long lastSample = 0;
      long busySlots = 0;
      int slotSamples = 0;
      int seen = 0;
      long timeout = System.nanoTime() + Duration.ofMinutes(15).toNanos();
      while (seen < count && System.nanoTime() < timeout) {
        int n = consumer.poll(Duration.ofMillis(100)).count();
        if (n > 0 && first == 0) {
          first = System.nanoTime();
          firstCpu = processCpuNanos();
          threads = PROFILE ? ThreadCpu.begin() : ThreadCpu.begin(JIT_THREADS);
          lastSample = first;
        }
        seen += n;
        if (threads != null && System.nanoTime() - lastSample > SAMPLE_NANOS) {
          threads.sample();
          lastSample = System.nanoTime();
          busySlots += maxInFlight - llm.freeSlots();
          slotSamples++;
        }
      }
      if (seen < count) {
        throw new IllegalStateException("only " + seen + " of " + count + " audit records within 15 minutes");
      }
      long elapsed = System.nanoTime() - first;
      long cpuNanos = processCpuNanos() - firstCpu;
      double cpuMs = cpuNanos / 1e6 / Math.max(1, seen - 1);
      threads.sample();
      double jit = threads.nanos(JIT_THREADS) / (double) Math.max(1, cpuNanos);
      if (PROFILE) {
        int perInquiry = Math.max(1, seen - 1);
        StringBuilder top = new StringBuilder("CPU by thread group (ms per inquiry):");
        threads.byGroup().entrySet().stream().limit(14).forEach(e -> top.append(String.format(Locale.ROOT,
            " [%s] %.3f", e.getKey(), e.getValue() / 1e6 / perInquiry)));
        System.err.println(top);
      }
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      System.err.printf(Locale.ROOT, "%s: %d requests on %d connections, at most %d at once, %.1f slots busy on average%n",
          blocking ? "blocking" : "async", server.requests().size(), server.connections(),
          server.maxConcurrentRequests(), blocking ? 0.0 : busySlots / (double) Math.max(1, slotSamples));
      server.clearRequests();
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
      // From when the first answered call went out to the last audit record: excludes start-up.
      return new Run(seen * 1e9 / (elapsed + latency.toNanos()), cpuMs, jit, load, heap);
    }

    @Override
    public void close() {
      consumer.close();
      producer.close();
      processor.close();
      llm.close();
      if (naive != null) {
        // Its HTTP client's threads would keep the JVM alive for a minute after main returns.
        naive.close();
      }
    }
  }

  /** The naive alternative: the stream thread waits for each call. */
  private static AnswerStage blockingStage(LlmAnswering answering) {
    return new SynchronousAnswerStage("blocking", item -> {
      LlmAnswering.Result result = answering.answer("blocking", item, List.of()).join(); // budget 0: unlimited
      return item.withOutcome(result.outcome()).withLlm(result.usage());
    });
  }

  private static KafkaProducer<String, Inquiry> producer(EmbeddedStack stack, Topics topics) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new StringSerializer(), topics.inquiries().valueSerde().serializer());
  }

  private static KafkaConsumer<String, byte[]> consumer(EmbeddedStack stack) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "llm-bench-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
