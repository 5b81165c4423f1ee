package io.ticketflow.reliability;

import io.ticketflow.connect.sink.SinkConnectorConfigs;
import io.ticketflow.connect.sink.SinkSettings;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.db.Database;
import io.ticketflow.devstack.db.Databases;
import io.ticketflow.devstack.db.ScratchDatabase;
import io.ticketflow.devstack.kafka.EmbeddedKafka;
import io.ticketflow.devstack.llm.FakeOpenAiServer;
import io.ticketflow.ops.TopicProvisioner;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.testing.ClusterIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scenario's whole pipeline: the in-JVM KRaft broker (restartable on its data dir) and schema
 * registry, a scratch database on PostgreSQL, the fake OpenAI-compatible server, the sink
 * connectors in a child Connect worker, and any number of processor child JVMs. Every processor
 * gets {@link #API_KEY} in its environment and the Connect worker {@link #DB_PASSWORD}, so a
 * test can prove neither leaks.
 */
final class FaultPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaultPipeline.class);

  /** A recognizable fake API key: it must appear in no log, topic or table. */
  static final String API_KEY = "sk-tfcanary-5e0d1f4a9b7c2e83";

  /**
   * A recognizable database password, which the sinks reach through the worker's environment
   * ({@code ${env:TICKETFLOW_JDBC_PASSWORD}}); the test database trusts loopback connections, so
   * the check is where it travels, not that it opens the database.
   */
  static final String DB_PASSWORD = "tf-dbcanary-7c41e09b2d";
  static final String TENANT = "acme";
  static final String APPLICATION_ID = "ticketflow-reliability";
  static final int PARTITIONS = 4;
  /** FAQ entries: question i is answered from the FAQ when sent verbatim. */
  static final int FAQ_SIZE = 12;

  final String scenario;
  final Path work;
  final Path logs;
  final EmbeddedKafka kafka;
  final EmbeddedStack stack;
  final Database server;
  final ScratchDatabase db;
  final FakeOpenAiServer llm;
  final Topics topics;
  final ClusterIO io;
  final ConnectProcess connect;
  private final Map<String, String> extraConfig;
  private final Map<String, ProcessorProcess> processors = new LinkedHashMap<>();
  private final List<Path> processorLogs = new ArrayList<>();
  private final Map<String, Integer> opsPorts = new HashMap<>();

  private FaultPipeline(String scenario, Map<String, String> extraConfig, Map<String, String> topicConfig) {
    this.scenario = scenario;
    this.extraConfig = extraConfig;
    try {
      this.work = Files.createTempDirectory("tf-reliability-" + scenario + "-");
      this.logs = Files.createDirectories(Path.of(System.getProperty("ticketflow.reliability.logs",
          work.resolve("logs").toString()), scenario));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long t0 = System.nanoTime();
    kafka = EmbeddedKafka.builder().dataDir(work.resolve("kafka")).port(EmbeddedKafka.freePort()).build();
    stack = EmbeddedStack.start(kafka, 0);
    server = Databases.serverForTests();
    db = ScratchDatabase.create(server, "tf_rel_" + scenario.replace('-', '_'));
    llm = FakeOpenAiServer.start();
    io = new ClusterIO(stack.bootstrapServers(), 3 << 20);
    topics = new Topics(Topics.DEFAULT_PREFIX, stack.registryClient(), stack.serdeConfig());
    TopicProvisioner.ensure(io.admin(), topics, PARTITIONS, (short) 1, true, Duration.ofSeconds(30));
    if (!topicConfig.isEmpty()) {
      alterTopics(topicConfig);
    }
    kafka.createTopic(Topics.DEFAULT_PREFIX + "connect-dlq", 1);
    SinkSettings sinks = SinkSettings.embedded(db.jdbcUrl(), db.user(), SinkSettings.ENV_PASSWORD_REFERENCE,
        stack.schemaRegistryUrl());
    connect = new ConnectProcess(dir("connect"), stack.bootstrapServers(), EmbeddedKafka.freePort(),
        SinkConnectorConfigs.all(sinks), logs);
    LOG.info("[{}] stack up in {} ms (broker {}, database {})", scenario, (System.nanoTime() - t0) / 1_000_000,
        stack.bootstrapServers(), db.name());
  }

  /**
   * Starts the pipeline without processors; {@code extraConfig} is added to every processor's
   * configuration, {@code topicConfig} to the pipeline topics (created up front when non-empty).
   */
  static FaultPipeline start(String scenario, Map<String, String> extraConfig, Map<String, String> topicConfig) {
    FaultPipeline p = new FaultPipeline(scenario, extraConfig, topicConfig);
    try {
      p.publishFaq();
      p.connect.start();
      return p;
    } catch (RuntimeException | Error e) {
      p.close();
      throw e;
    }
  }

  static FaultPipeline start(String scenario, Map<String, String> extraConfig) {
    return start(scenario, extraConfig, Map.of());
  }

  /** Sets {@code topicConfig} on the topics inquiries and outputs travel through. */
  private void alterTopics(Map<String, String> topicConfig) {
    Map<ConfigResource, java.util.Collection<AlterConfigOp>> changes = new HashMap<>();
    for (String suffix : List.of(Topics.INQUIRIES, Topics.REPLIES, Topics.ESCALATIONS, Topics.AUDIT, Topics.DLQ)) {
      changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topics.name(suffix)), topicConfig.entrySet().stream()
          .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList());
    }
    try {
      io.admin().incrementalAlterConfigs(changes).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot configure the topics", e.getCause());
    }
  }

  /** Input records the processor group has committed: processed, whatever the instances. */
  long processed() {
    try {
      return io.admin().listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get().entrySet()
          .stream().filter(e -> e.getKey().topic().equals(topics.inquiries().name()) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      return 0; // the group does not exist yet, or the broker is restarting
    }
  }

  private Path dir(String name) {
    try {
      return Files.createDirectories(work.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The question of FAQ entry {@code i} (0 ≤ i < FAQ_SIZE): sent verbatim, the FAQ answers it. */
  static String faqQuestion(int i) {
    return FAQ_QUESTIONS.get(i);
  }

  private static final List<String> FAQ_QUESTIONS = List.of(
      "What are your opening hours", "How do I reset my password", "How long does delivery take",
      "Can I pay with a credit card", "How do I close my account", "Where can I download my invoice",
      "How do I change my shipping address", "Do you ship internationally",
      "如何申请退款", "怎么修改绑定的手机号", "信用卡还款日是哪天", "如何开具发票");

  private void publishFaq() {
    for (int i = 0; i < FAQ_SIZE; i++) {
      FaqEntry entry = FaqEntry.newBuilder().setId("faq-" + i).setTenantId(TENANT).setQuestion(faqQuestion(i))
          .setAlternates(List.of()).setAnswer("Answer " + i + " from the FAQ.").setLanguage(null)
          .setTags(List.of()).setUpdatedAt(Instant.now()).build();
      io.send(topics.faq().name(), Topics.faqKey(TENANT, entry.getId()),
          topics.faq().valueSerde().serializer().serialize(topics.faq().name(), entry));
    }
    io.flush();
  }

  /** The configuration instance {@code instance} runs with: own state directory and ops port. */
  Map<String, String> processorConfig(String instance) {
    Map<String, String> c = new HashMap<>();
    c.put("bootstrap.servers", stack.bootstrapServers());
    c.put("schema.registry.url", stack.schemaRegistryUrl());
    c.put("application.id", APPLICATION_ID);
    c.put("topic.partitions", String.valueOf(PARTITIONS));
    c.put("ops.port", String.valueOf(opsPorts.computeIfAbsent(instance, i -> EmbeddedKafka.freePort())));
    c.put("llm.base-url", llm.baseUrl());
    c.put("llm.breaker.open-for", "2s");
    c.put("kafka.state.dir", dir("state-" + instance).toString());
    // A killed instance sends no "leave group"; its tasks move once its session times out.
    c.put("kafka.session.timeout.ms", "10000");
    c.putAll(extraConfig);
    return c;
  }

  /** Starts processor {@code instance} and waits until it is ready. */
  ProcessorProcess startProcessor(String instance) {
    return launchProcessor(instance).awaitReady(Duration.ofMinutes(4));
  }

  /**
   * Starts processor {@code instance} (again, on its old state directory, if it ran before) without
   * waiting for it to be ready.
   */
  ProcessorProcess launchProcessor(String instance) {
    int run = (int) processorLogs.stream().filter(p -> p.getFileName().toString().startsWith(instance + "-")).count() + 1;
    Path log = logs.resolve(instance + "-" + run + ".log");
    processorLogs.add(log);
    ProcessorProcess p = ProcessorProcess.start(instance + "#" + run, processorConfig(instance),
        work.resolve(instance + ".properties"), Map.of("OPENAI_API_KEY", API_KEY), log);
    processors.put(instance, p);
    return p;
  }

  /** Every log file a child process wrote. */
  List<Path> allLogs() {
    List<Path> all = new ArrayList<>(processorLogs);
    all.addAll(connect.logs());
    return all;
  }

  @Override
  public void close() {
    for (ProcessorProcess p : processors.values()) {
      closeQuietly("processor " + p, p::close);
    }
    closeQuietly("Connect worker", connect::stop);
    closeQuietly("cluster clients", io::close);
    closeQuietly("fake OpenAI server", llm::close);
    closeQuietly("stack", stack::close);
    closeQuietly("database " + db, db::close);
    closeQuietly("database server", server::close);
  }

  private void closeQuietly(String what, Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      LOG.warn("[{}] cannot close the {}", scenario, what, e);
    }
  }
}
