package io.ticketflow;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.config.StreamsProperties;
import io.ticketflow.decode.DeadLetterExceptionHandler;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.faq.FaqRestore;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.match.SentenceEmbedder;
import io.ticketflow.ops.StartupChecks;
import io.ticketflow.ops.StartupException;
import io.ticketflow.ops.TopicProvisioner;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.topology.Stages;
import io.ticketflow.topology.Stores;
import io.ticketflow.topology.TicketflowTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor as it runs in production: checks broker and registry, creates missing topics,
 * builds the topology, starts {@link KafkaStreams} (exactly-once v2 by default) with an
 * uncaught-exception handler and a shutdown hook. {@code ticketflow run}, the demo and the
 * integration tests all start it through {@link #run}.
 */
public final class TicketflowProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TicketflowProcessor.class);
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

  private final KafkaStreams streams;
  private final FaqMatcher matcher;
  /** What the answer stage opened before the start ({@link io.ticketflow.answer.AnswerStage#open}). */
  private final AutoCloseable answerResources;
  private final Thread shutdownHook;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean stopRequested;

  private TicketflowProcessor(KafkaStreams streams, FaqMatcher matcher, AutoCloseable answerResources) {
    this.streams = streams;
    this.matcher = matcher;
    this.answerResources = answerResources;
    this.shutdownHook = new Thread(this::closeStreams, "ticketflow-shutdown");
  }

  /** Starts the processor with the default stages (no LLM) and an in-process meter registry. */
  public static TicketflowProcessor run(TicketflowConfig config, FaqMatcher matcher) {
    return run(config, Stages.of(config, matcher, new SimpleMeterRegistry()));
  }

  /** Starts the processor; throws {@link StartupException} when a dependency is unreachable. */
  public static TicketflowProcessor run(TicketflowConfig config, Stages stages) {
    return run(config, stages, () -> { });
  }

  /**
   * As {@link #run(TicketflowConfig, Stages)}, with {@code beforeFaqLoad} run once the settings,
   * the registry, the broker and the topics have passed their checks and before the FAQ store is
   * loaded and the matcher warmed up (minutes on a large FAQ): for checks of the caller's own that
   * should fail a start early, such as its ops port.
   */
  public static TicketflowProcessor run(TicketflowConfig config, Stages stages, Runnable beforeFaqLoad) {
    return run(config, stages, STARTUP_TIMEOUT, beforeFaqLoad);
  }

  static TicketflowProcessor run(TicketflowConfig config, Stages stages, Duration startupTimeout) {
    return run(config, stages, startupTimeout, () -> { });
  }

  private static TicketflowProcessor run(TicketflowConfig config, Stages stages, Duration startupTimeout,
      Runnable beforeFaqLoad) {
    config.logSettings();
    Properties props = StreamsProperties.of(config, stages.metrics());
    props.put(DeadLetterExceptionHandler.REGISTRY_CONFIG, stages.registry());
    checkStreamsSettings(props);
    StartupChecks.registryReachable(stages.registry(), config.schemaRegistryUrl());
    Topics topics = new Topics(config.topicPrefix(), stages.registry(), config.serdeConfig());
    Map<String, Object> adminProps = config.clientSettings(AdminClientConfig.configNames());
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) startupTimeout.toMillis());
    adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) startupTimeout.toMillis());
    try (Admin admin = StartupChecks.adminClient(adminProps, config.bootstrapServers())) {
      StartupChecks.brokerReachable(admin, config.bootstrapServers(), startupTimeout);
      TopicProvisioner.ensure(admin, topics, config.topicPartitions(), config.topicReplicationFactor(),
          config.createTopics(), startupTimeout);
    }
    beforeFaqLoad.run();
    // Before the FAQ store is loaded: a restart embeds only the wordings it has not embedded before.
    SentenceEmbedder.shared().persistIn(config.embeddingCacheDir());
    FaqRestore faqRestore = new FaqRestore(Stores.FAQ);
    org.apache.kafka.streams.Topology topology = TicketflowTopology.build(config, stages, faqRestore);
    KafkaStreams streams;
    try {
      streams = new KafkaStreams(topology, props);
    } catch (StreamsException e) {
      // Most often another processor of this application.id on this host holds the state directory.
      throw new StartupException("Kafka Streams cannot start: " + e.getMessage()
          + (String.valueOf(e.getMessage()).contains("state directory")
              ? "; each processor on a host needs a kafka.state.dir of its own" : ""), e);
    }
    streams.setGlobalStateRestoreListener(faqRestore);
    streams.setUncaughtExceptionHandler(new ThreadReplacements(Clock.systemUTC()));
    Map<String, Object> clientProps = config.clientSettings(ConsumerConfig.configNames());
    clientProps.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    TicketflowProcessor processor = new TicketflowProcessor(streams, stages.matcher(),
        stages.answer().open(config.applicationId(), clientProps));
    streams.setStateListener((now, before) -> {
      LOG.info("Processor state {} -> {}", before, now);
      if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
        processor.terminated.countDown();
      }
    });
    Runtime.getRuntime().addShutdownHook(processor.shutdownHook);
    try {
      streams.start();
    } catch (IllegalStateException e) {
      if (!processor.stopRequested) {
        processor.close(); // the answer stage's reader too
        throw e;
      }
      // A stop signal came before the start: the client was closed unstarted, which is no failure.
    } catch (RuntimeException e) {
      processor.close();
      throw e;
    }
    return processor;
  }

  /**
   * Kafka Streams checks some settings against each other only when it builds its clients, e.g.
   * kafka.max.in.flight.requests.per.connection over 5 under exactly-once: refused here as the
   * invalid configuration they are, before the registry and the broker are contacted, instead of
   * escaping from the KafkaStreams constructor as a stack trace once the topics exist.
   */
  private static void checkStreamsSettings(Properties props) {
    try {
      // The protected constructor that does not log: KafkaStreams logs the settings once itself.
      new StreamsConfig(props, false) { }.getProducerConfigs("ticketflow-settings-check");
    } catch (ConfigException e) {
      throw new ConfigException("Kafka Streams refuses the kafka.* settings: " + e.getMessage());
    }
  }

  public KafkaStreams streams() {
    return streams;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public boolean isRunning() {
    return streams.state() == KafkaStreams.State.RUNNING || streams.state() == KafkaStreams.State.REBALANCING;
  }

  /** Blocks until the processor has stopped (closed, shut down by the JVM, or failed). */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /** Whether the processor was asked to stop (closed, or the JVM is shutting down). */
  public boolean stopRequested() {
    return stopRequested;
  }

  private void closeStreams() {
    stopRequested = true;
    // A stop during start-up need not wait out the matcher's warm-up (the global thread runs it
    // while KafkaStreams.start() waits).
    matcher.stopWarmUp();
    streams.close(Duration.ofSeconds(30));
    try {
      answerResources.close();
    } catch (Exception e) {
      LOG.warn("Could not close the answer stage's resources", e);
    }
  }

  /** Stops processing, committing the current transaction; removes the shutdown hook. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // Called from the JVM's shutdown: the hook is running or will run; closing twice is safe.
    }
    closeStreams();
  }
}
