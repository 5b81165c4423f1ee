package io.ticketflow.devstack.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka node in KRaft mode, broker and controller combined, listening on loopback. Internal
 * topics have replication factor 1 so transactions and exactly-once Streams work on a single node.
 *
 * <p>The data directory survives {@link #stop()}; {@link #start()} again resumes on it with the
 * same ports, which is how tests restart the broker. {@link #close()} stops it and deletes the
 * directory if this object created it.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final int NODE_ID = 1;

  private final Path dataDir;
  private final boolean ownsDataDir;
  private final int port;
  private final int controllerPort;
  private final Map<String, String> overrides;
  private KafkaRaftServer server;

  private EmbeddedKafka(Builder builder) {
    try {
      this.ownsDataDir = builder.dataDir == null;
      this.dataDir = ownsDataDir ? Files.createTempDirectory("ticketflow-kafka-") : builder.dataDir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the broker's data directory", e);
    }
    this.port = builder.port == 0 ? freePort() : builder.port;
    this.controllerPort = builder.controllerPort == 0 ? freePort() : builder.controllerPort;
    this.overrides = Map.copyOf(builder.overrides);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A started broker on free ports with a temporary data directory. */
  public static EmbeddedKafka start(Map<String, String> overrides) {
    EmbeddedKafka kafka = builder().config(overrides).build();
    kafka.start();
    return kafka;
  }

  /** Formats the data directory if it is new, starts the node and waits until it serves requests. */
  public synchronized EmbeddedKafka start() {
    if (server != null) {
      return this;
    }
    long started = System.nanoTime();
    Properties props = serverProperties();
    format(props);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      raftServer.startup();
    } catch (RuntimeException e) {
      raftServer.shutdown();
      throw new IllegalStateException("Kafka broker could not start on 127.0.0.1:" + port
          + " (controller " + controllerPort + "): " + e.getMessage(), e);
    }
    server = raftServer;
    try {
      awaitReady(Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      stop(); // a broker that never answered is not left running for the caller to lose
      throw e;
    }
    LOG.info("Kafka broker up at {} in {} ms (data in {})", bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dataDir);
    return this;
  }

  /** Stops the node cleanly and keeps its data; {@link #start()} resumes it. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    server = null;
  }

  @Override
  public synchronized void close() {
    stop();
    if (ownsDataDir) {
      deleteRecursively(dataDir);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Admin client settings for this broker. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return config;
  }

  /** Creates topics that do not exist yet, with replication factor 1. */
  public void createTopics(Collection<NewTopic> topics) {
    try (Admin admin = Admin.create(clientConfig())) {
      for (NewTopic topic : topics) {
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating topics " + topics, e);
    }
  }

  /** Creates a topic with {@code partitions} partitions if it does not exist. */
  public void createTopic(String name, int partitions) {
    createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
  }

  private Properties serverProperties() {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dataDir.toString());
    // A single node: every internal topic has one replica, or transactions never start.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "10");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "10");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    // The cleaner's default 128 MB dedupe buffer dominates the heap of a test broker.
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");
    props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    props.putAll(overrides);
    return props;
  }

  private void format(Properties props) {
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return;
    }
    Formatter formatter = new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .addDirectory(dataDir.toString())
        .setMetadataLogDirectory(dataDir.toString())
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .setControllerListenerName(props.getProperty("controller.listener.names"))
        .setIgnoreFormatted(true);
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the broker's data directory " + dataDir, e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> config = clientConfig();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    try (Admin admin = Admin.create(config)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers()
                + " did not become ready within " + timeout, e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    }
  }

  /** A port that was free a moment ago on loopback. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.debug("could not delete {}", p, e);
        }
      });
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }

  /** Settings for a broker before it starts. */
  public static final class Builder {
    private Path dataDir;
    private int port;
    private int controllerPort;
    private final Map<String, String> overrides = new HashMap<>();

    /** Keep data here (created or reused) instead of a temporary directory. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** The client port; 0 (default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder controllerPort(int controllerPort) {
      this.controllerPort = controllerPort;
      return this;
    }

    /** Broker settings on top of the defaults. */
    public Builder config(Map<String, String> config) {
      overrides.putAll(config);
      return this;
    }

    public EmbeddedKafka build() {
      return new EmbeddedKafka(this);
    }
  }
}
