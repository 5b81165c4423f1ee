package io.ticketflow.cli.demo;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticketflow.TicketflowProcessor;
import io.ticketflow.answer.AnswerStage;
import io.ticketflow.answer.AnswerStages;
import io.ticketflow.answer.LlmSettings;
import io.ticketflow.cli.faq.FaqFileParser;
import io.ticketflow.cli.faq.FaqPublisher;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.connect.EmbeddedSinks;
import io.ticketflow.devstack.db.Database;
import io.ticketflow.devstack.db.EmbeddedPostgresDatabase;
import io.ticketflow.devstack.db.ExternalDatabase;
import io.ticketflow.devstack.kafka.EmbeddedKafka;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.match.Matchers;
import io.ticketflow.ops.FeedEvent;
import io.ticketflow.ops.HealthCheck;
import io.ticketflow.ops.Operations;
import io.ticketflow.ops.OpsSettings;
import io.ticketflow.ops.OutcomeFeed;
import io.ticketflow.ops.SinkProgress;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.topology.Stages;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The whole demo: broker and registry, processor (with the LLM stage when a key is set) and ops
 * server, then the database and Connect worker in the background while the sample FAQ and
 * inquiries are sent; shows every outcome as it arrives, then the database rows. {@link #run()}
 * returns once the samples are verified (or found missing); {@link #close()} stops everything in
 * reverse order.
 */
public final class Demo implements AutoCloseable {
  static final String FAQ_RESOURCE = "/io/ticketflow/cli/demo/sample-faq.jsonl";

  private final DemoOptions opts;
  private final PrintStream out;
  private final long startedNanos = System.nanoTime();
  /** Pushed by the thread that runs the demo, popped by {@link #close()}, at Ctrl-C the shutdown hook's. */
  private final Deque<AutoCloseable> resources = new ConcurrentLinkedDeque<>();
  /**
   * Set by {@link #close()}: a start still under way (Ctrl-C while the demo starts) stops at its
   * next step instead of starting what nobody would stop, such as a broker closed under it again.
   */
  private volatile boolean closing;
  private EmbeddedStack stack;
  private Operations operations;
  private CompletableFuture<EmbeddedSinks> sinks;
  /** Watches the sinks once they run (set on the thread that started them, before {@link #sinks} completes). */
  private volatile SinkProgress sinkProgress;

  public Demo(DemoOptions opts) {
    this.opts = opts;
    this.out = opts.out();
  }

  /** What a run found. */
  public record Result(List<String> missing, long firstReplyMillis, String consoleUrl, String jdbcUrl) {
    public boolean ok() {
      return missing.isEmpty();
    }
  }

  /** Thrown when a piece cannot start; the message is for the user. */
  public static final class StartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** How long the demo lets the matcher warm up before it sends the samples. */
  private static final java.time.Duration DEMO_WARM_UP = java.time.Duration.ofSeconds(3);

  public Result run() throws InterruptedException {
    List<String> busy = Ports.busy(List.of(
        new Ports.Wanted(opts.kafkaPort(), "Kafka broker", "--kafka-port"),
        new Ports.Wanted(opts.registryPort(), "Schema Registry", "--registry-port"),
        new Ports.Wanted(opts.connectPort(), "Kafka Connect REST", "--connect-port"),
        new Ports.Wanted(opts.consolePort(), "web console", "--console-port"),
        new Ports.Wanted(opts.embeddedDatabase() ? opts.dbPort() : 0, "embedded PostgreSQL", "--db-port",
            LeftoverPostgres::on)));
    if (!busy.isEmpty()) {
      throw new StartException(String.join("\n", busy), null);
    }
    if (!opts.embeddedDatabase()) {
      requireReachableDatabase();
    }
    startStack();
    TicketflowConfig config = config();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    synchronized (this) { // with close(): the hook either sees the sinks starting or stops them from starting
      requireNotClosing();
      sinks = CompletableFuture.supplyAsync(() -> startSinks(config, meters));
    }
    FaqMatcher matcher = Matchers.hybrid(config.calibration());
    TicketflowProcessor processor = startProcessor(config, matcher, meters);
    Topics topics = new Topics(config.topicPrefix(), stack.registryClient(), config.serdeConfig());
    HealthCheck sinksProgressing = () -> {
      SinkProgress progress = sinkProgress;
      return progress == null ? Optional.empty() : progress.problem();
    };
    operations = step("web console", () -> Operations.start(config, "127.0.0.1", opts.consolePort(),
        processor.streams(), meters, topics, List.of("shop", "bank", "cloud"),
        List.of(connectorsRunning(), sinksProgressing), true));
    resources.push(operations);
    out.printf("  web console       %s  (also /metrics, /health/ready)%n", operations.server().url());
    List<FaqEntry> faq = loadFaq(topics, matcher);
    warmUp(matcher);
    OutcomeTable table = new OutcomeTable(out);
    ProbeBoard board = new ProbeBoard(table, startedNanos);
    OutcomeFeed feed = new OutcomeFeed(stack.bootstrapServers(), Map.of(), topics, true);
    resources.push(feed);
    feed.addListener(board).start();
    List<SampleInquiry> samples = SampleInquiry.load();
    out.printf("Sending %d sample inquiries (FAQ paraphrases, traditional Chinese, out of scope, 转人工, injection, PII, a duplicate, bad records)…%n",
        samples.size());
    table.header();
    List<String> missing;
    List<Probe> probes;
    Map<String, String> feedback;
    try (SampleSender sender = new SampleSender(stack.bootstrapServers(), topics.inquiries(), topics.feedback())) {
      int n = 0;
      for (SampleInquiry s : samples) {
        board.add(sender.send(++n, s));
      }
      missing = board.awaitTopics(opts.timeout());
      probes = board.probes();
      table.summary(probes);
      out.printf(" %d FAQ entries loaded; first outcome shown %.1f s after start%n", faq.size(),
          board.firstShownMillis() / 1000.0);
      feedback = rateTwoFaqReplies(sender, probes);
    }
    missing.addAll(awaitDatabase(probes, feedback));
    if (missing.isEmpty()) {
      out.printf("%nVerified: every sample inquiry has its reply, escalation or dead letter on the topics and its rows in the database.%n");
    } else {
      out.printf("%nMissing (%d):%n", missing.size());
      missing.forEach(m -> out.println("  - " + m));
    }
    return new Result(missing, board.firstShownMillis(), operations.server().url(), jdbcUrl());
  }

  /**
   * Connects once to the database given by {@code --jdbc-url} before anything starts: else a wrong
   * URL, user or password shows only at the end, as rows that never arrive. The message carries the
   * driver's, which names the host or user but not the password.
   */
  private void requireReachableDatabase() {
    String user = opts.jdbcUser() == null ? "postgres" : opts.jdbcUser();
    try (java.sql.Connection c = new DatabaseRows(opts.jdbcUrl(), user, opts.jdbcPassword())
        .connect(DATABASE_CHECK_TIMEOUT)) {
      c.isValid((int) DATABASE_CHECK_TIMEOUT.toSeconds());
    } catch (java.sql.SQLException e) {
      throw new StartException("cannot connect to the database " + opts.jdbcUrl() + " as " + user + ": "
          + e.getMessage() + " (check --jdbc-url, --jdbc-user and --jdbc-password)", e);
    }
  }

  private static final java.time.Duration DATABASE_CHECK_TIMEOUT = java.time.Duration.ofSeconds(10);

  private void startStack() {
    EmbeddedKafka kafka = EmbeddedKafka.builder().port(opts.kafkaPort()).build();
    resources.push(kafka); // before the stack holds it: a Ctrl-C meanwhile must stop it and delete its data
    step("Kafka broker (KRaft)", () -> kafka.start());
    stack = step("Schema Registry", () -> EmbeddedStack.start(kafka, opts.registryPort()));
    resources.push(stack);
    out.printf("  broker            %s%n  schema registry   %s%n", stack.bootstrapServers(), stack.schemaRegistryUrl());
  }

  private EmbeddedSinks startSinks(TicketflowConfig config, PrometheusMeterRegistry meters) {
    long t0 = System.nanoTime();
    Database db;
    if (opts.embeddedDatabase()) {
      db = EmbeddedPostgresDatabase.start(opts.dbPort());
    } else {
      db = new ExternalDatabase(opts.jdbcUrl(), opts.jdbcUser() == null ? "postgres" : opts.jdbcUser(), opts.jdbcPassword());
    }
    long t1 = System.nanoTime();
    try {
      // Created up front, else the worker logs an ERROR while creating it on the first bad record.
      stack.kafka().createTopic(io.ticketflow.schema.topic.Topics.DEFAULT_PREFIX + "connect-dlq", 1);
      EmbeddedSinks s = EmbeddedSinks.start(stack, db, true, UnaryOperator.identity(),
          Map.of("listeners", "http://127.0.0.1:" + opts.connectPort()));
      long t2 = System.nanoTime();
      out.printf("✓ %s up in %.1f s; Kafka Connect + %d JDBC sinks running in %.1f s%n  database          %s%n  Connect REST      %s%n",
          opts.embeddedDatabase() ? "PostgreSQL (embedded)" : "database", (t1 - t0) / 1e9, s.connectors().size(),
          (t2 - t1) / 1e9, db.jdbcUrl(), s.connect().restUrl());
      // Watched from here on, at the worker's actual REST address (--connect-port 0 picks a free one):
      // asked earlier, the starting worker answered 404, and port 0 nothing at all.
      sinkProgress = SinkProgress.start(config, s.connect().restUrl().toString(), List.of(),
          OpsSettings.from(config).sinkStallTimeout(), SinkProgress.INTERVAL, meters);
      return s;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private TicketflowConfig config() {
    Map<String, Object> p = new HashMap<>();
    p.put(TicketflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    p.put(TicketflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    p.put(TicketflowConfig.APPLICATION_ID, "ticketflow-demo");
    p.put(TicketflowConfig.TOPIC_PARTITIONS, "2");
    p.put(OpsSettings.PORT, Integer.toString(opts.consolePort()));
    p.put(TicketflowConfig.KAFKA_PREFIX + "num.stream.threads", "1");
    // Each demo has a fresh broker and registry: state left by an earlier run would hold records
    // written with schema ids this registry never issued.
    p.put(TicketflowConfig.KAFKA_PREFIX + "state.dir", stateDir().toString());
    String model = opts.env().get("TICKETFLOW_LLM_MODEL");
    if (model != null && !model.isBlank()) {
      p.put(LlmSettings.MODEL, model);
    }
    return new TicketflowConfig(p);
  }

  private java.nio.file.Path stateDir() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ticketflow-demo-state-");
      resources.push(() -> Waits.deleteRecursively(dir)); // popped after the processor has closed
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot create a state directory", e);
    }
  }

  private TicketflowProcessor startProcessor(TicketflowConfig config, FaqMatcher matcher, PrometheusMeterRegistry meters) {
    AnswerStage answer;
    try {
      answer = AnswerStages.create(config, opts.env(), meters);
    } catch (org.apache.kafka.common.config.ConfigException e) {
      throw new StartException("cannot start LLM answering: " + e.getMessage(), e);
    }
    if (answer instanceof AutoCloseable closeable) {
      resources.push(closeable);
      out.println("✓ LLM answering on: " + config.getString(LlmSettings.MODEL) + " (OPENAI_API_KEY is set)");
    } else {
      out.println("• LLM answering is off (OPENAI_API_KEY is not set): inquiries the FAQ cannot answer are escalated to a human.");
    }
    Stages stages = Stages.of(config, matcher, meters).withAnswer(answer);
    TicketflowProcessor processor = step("processor (Kafka Streams, exactly-once v2)", () -> {
      TicketflowProcessor p = TicketflowProcessor.run(config, stages);
      try {
        Waits.until(() -> p.state() == KafkaStreams.State.RUNNING, () -> stoppedWhileStarting(p.state()), 60,
            "the processor did not reach RUNNING");
      } catch (RuntimeException e) {
        p.close();
        throw e;
      }
      return p;
    });
    resources.push(processor);
    return processor;
  }

  /** A state the processor only leaves by stopping: waiting on for RUNNING would be in vain. */
  static Optional<String> stoppedWhileStarting(KafkaStreams.State state) {
    return switch (state) {
      case PENDING_ERROR, ERROR, PENDING_SHUTDOWN, NOT_RUNNING ->
          Optional.of("it went to " + state + " while starting (its reason is logged above)");
      default -> Optional.empty();
    };
  }

  private HealthCheck connectorsRunning() {
    return () -> {
      if (!sinks.isDone()) {
        return Optional.of("the sink connectors are starting");
      }
      EmbeddedSinks s = startedSinks();
      if (s == null) {
        return Optional.of("the sink connectors failed to start");
      }
      List<String> down = s.connectors().stream().map(c -> c.name()).filter(n -> !s.connect().isRunning(n)).toList();
      return down.isEmpty() ? Optional.empty() : Optional.of("connectors not RUNNING: " + down);
    };
  }

  private List<FaqEntry> loadFaq(Topics topics, FaqMatcher matcher) {
    return step("sample FAQ loaded and indexed", () -> {
      FaqFileParser.Result parsed;
      try (Reader in = new InputStreamReader(Demo.class.getResourceAsStream(FAQ_RESOURCE), StandardCharsets.UTF_8)) {
        parsed = new FaqFileParser(null, Clock.systemUTC()).parse(in, FaqFileParser.Format.JSONL);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (!parsed.ok()) {
        throw new IllegalStateException("the sample FAQ is invalid: " + parsed.errors());
      }
      try (FaqPublisher publisher = new FaqPublisher(stack.bootstrapServers(), Map.of(), topics.faq())) {
        publisher.publish(parsed.entries(), n -> { }, java.time.Duration.ofSeconds(30));
      }
      // The global FAQ store is fed asynchronously: inquiries sent before it holds the entries
      // would miss the FAQ, so wait until the matcher finds every entry by its own question.
      Waits.until(() -> parsed.entries().stream()
          .allMatch(e -> !matcher.match(e.getTenantId(), e.getQuestion(), e.getLanguage()).candidates().isEmpty()),
          30, "the FAQ entries did not reach the processor's store");
      return parsed.entries();
    });
  }

  /**
   * Customers rate the first two FAQ replies, one helpful and one not, as a helpdesk would send
   * it: the processor joins each rating with its inquiry's audit (per-FAQ helpfulness on the
   * faq-stats topic) and the sink writes it to the feedback table. Returns feedbackId -> what it
   * rates, for the database check.
   */
  private Map<String, String> rateTwoFaqReplies(SampleSender sender, List<Probe> probes) {
    List<Probe> faqReplies = probes.stream()
        .filter(p -> p.first(FeedEvent.Kind.REPLY) != null
            && "FAQ".equals(p.first(FeedEvent.Kind.REPLY).string("source")))
        .limit(2).toList();
    Map<String, String> rated = new java.util.LinkedHashMap<>();
    for (int i = 0; i < faqReplies.size(); i++) {
      Probe p = faqReplies.get(i);
      boolean helpful = i == 0;
      FeedEvent reply = p.first(FeedEvent.Kind.REPLY);
      String comment = helpful ? null : chinese(reply) ? "没有回答我的问题" : "Did not answer my question";
      String feedbackId = sender.rate(reply, helpful, helpful ? 5 : 2, comment);
      rated.put(feedbackId, "#" + p.number + " (" + reply.string("faqId") + ") " + (helpful ? "helpful" : "not helpful"));
    }
    if (!rated.isEmpty()) {
      out.printf(" Feedback sent: %s%n", String.join(", ", rated.values()));
    }
    return rated;
  }

  private static boolean chinese(FeedEvent reply) {
    String language = reply.string("language");
    return language != null && language.startsWith("zh");
  }

  /**
   * Warms the matcher up on the sample FAQ's own wordings, as the processor does at start-up when
   * its FAQ store already holds entries ({@code match.warm-up}): the demo publishes its FAQ only
   * after the processor has started, so without this the samples would meet a cold matcher.
   */
  private void warmUp(FaqMatcher matcher) {
    long t0 = System.nanoTime();
    int matches = matcher.warmUp(DEMO_WARM_UP);
    out.printf("✓ matcher warmed up with %d matches in %.1f s%n", matches, (System.nanoTime() - t0) / 1e9);
  }

  private List<String> awaitDatabase(List<Probe> probes, Map<String, String> feedback) throws InterruptedException {
    EmbeddedSinks s;
    try {
      s = sinks.get(opts.timeout().toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new ArrayList<>(List.of("database and sink connectors did not start: " + cause.getMessage()));
    }
    resources.push(s);
    DatabaseRows rows = new DatabaseRows(s.database().jdbcUrl(), s.database().user(), s.database().password());
    return rows.awaitAndPrint(probes, feedback, opts.timeout(), out);
  }

  /** The demo broker's address, once it runs (null before). */
  public String bootstrapServers() {
    return stack == null ? null : stack.bootstrapServers();
  }

  /** The demo registry's address, once it runs (null before). */
  public String schemaRegistryUrl() {
    return stack == null ? null : stack.schemaRegistryUrl();
  }

  public String jdbcUrl() {
    EmbeddedSinks s = startedSinks();
    return s == null ? opts.jdbcUrl() : s.database().jdbcUrl();
  }

  /**
   * The sinks once they run; null while they start or when they failed to start. Not {@code
   * getNow}, which throws a failed start's exception: the demo's result and its close must still
   * come after a database that did not start.
   */
  private EmbeddedSinks startedSinks() {
    return sinks == null || !sinks.isDone() || sinks.isCompletedExceptionally() ? null : sinks.join();
  }

  private <T> T step(String what, java.util.function.Supplier<T> action) {
    requireNotClosing();
    long t0 = System.nanoTime();
    try {
      T value = action.get();
      out.printf("✓ %s up in %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
      return value;
    } catch (RuntimeException e) {
      throw new StartException("cannot start the " + what + ": " + e.getMessage(), e);
    }
  }

  private void requireNotClosing() {
    if (closing) {
      throw new StartException("stopped while starting", null);
    }
  }

  private void step(String what, Runnable action) {
    step(what, () -> {
      action.run();
      return null;
    });
  }

  /** Stops everything, newest first; each piece's failure is reported and the rest still stop. */
  @Override
  public void close() {
    CompletableFuture<EmbeddedSinks> starting;
    synchronized (this) {
      closing = true;
      starting = sinks;
    }
    if (starting != null) {
      try {
        starting.join(); // a half-started worker would leave threads behind
      } catch (RuntimeException e) {
        out.println("  (the database side had failed: " + e.getMessage() + ")");
      }
      EmbeddedSinks s = startedSinks();
      if (s != null && !resources.contains(s)) {
        resources.push(s);
      }
    }
    SinkProgress progress = sinkProgress;
    if (progress != null) {
      sinkProgress = null;
      progress.close(); // before the worker it asks stops: its next round would find it gone
    }
    for (AutoCloseable r; (r = resources.poll()) != null; ) {
      try {
        r.close();
      } catch (Exception e) {
        out.println("  (" + r.getClass().getSimpleName() + " did not stop cleanly: " + e.getMessage() + ")");
      }
    }
  }
}
