package io.ticketflow.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticketflow.TicketflowProcessor;
import io.ticketflow.answer.AnswerStage;
import io.ticketflow.answer.AnswerStages;
import io.ticketflow.config.ConfigLoader;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.match.Matchers;
import io.ticketflow.ops.ConnectorsHealth;
import io.ticketflow.ops.Operations;
import io.ticketflow.ops.OpsServer;
import io.ticketflow.ops.OpsSettings;
import io.ticketflow.ops.SinkProgress;
import io.ticketflow.ops.StartupException;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.topology.Stages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ticketflow run [--config FILE]}: runs the processor against an existing Kafka cluster
 * until Ctrl-C (the processor's shutdown hook commits and closes cleanly), with the ops server
 * (metrics, health, console) on {@code ops.host:ops.port}. The settings come from the file, if
 * any, and {@code TICKETFLOW_*} environment variables, which win: a container needs no file.
 * Exit codes: 0 after a clean stop, 1 when it cannot start or fails, 2 for an invalid
 * configuration; after Ctrl-C or SIGTERM the JVM reports the signal (130, 143) once the shutdown
 * hook has closed the processor cleanly.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    versionProvider = TicketflowCommand.Version.class,
    description = {"Runs the processor against an existing Kafka cluster until Ctrl-C.",
        "Settings come from FILE (Java properties), if given, and TICKETFLOW_*",
        "environment variables, which win: every key a.b-c as TICKETFLOW_A_B_C, e.g.",
        "TICKETFLOW_BOOTSTRAP_SERVERS; Kafka settings go under kafka.*",
        "(TICKETFLOW_KAFKA_*). Without FILE the environment alone must give",
        "bootstrap.servers and schema.registry.url. Metrics, health and the web",
        "console are served on ops.host:ops.port (127.0.0.1:8080)."},
    footer = {"", "Examples:", "  ticketflow run --config ticketflow.properties",
        "  OPENAI_API_KEY=sk-... ticketflow run -c prod.properties",
        "  TICKETFLOW_BOOTSTRAP_SERVERS=kafka:9092 \\",
        "      TICKETFLOW_SCHEMA_REGISTRY_URL=http://registry:8081 ticketflow run",
        "", "Exit codes: 0 stopped cleanly, 1 cannot start or failed, 2 invalid",
        "configuration; 130/143 after Ctrl-C/SIGTERM (closed cleanly)."})
public final class RunCommand implements Callable<Integer> {
  private static final Pattern MISSING_KEY = Pattern.compile("Missing required configuration \"([^\"]+)\"");

  @Spec
  CommandSpec spec;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Properties file (default: none, the environment only).")
  Path configFile;

  /** Where the TICKETFLOW_* settings and the LLM's key come from; tests give their own. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    TicketflowConfig config;
    FaqMatcher matcher;
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AnswerStage answer;
    try {
      config = ConfigLoader.load(configFile, environment);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("Invalid configuration: " + e.getMessage() + withoutFileHint(e));
      return 2;
    }
    try {
      matcher = Matchers.hybrid(config.calibration());
      // Reads OPENAI_BASE_URL, which is configuration too, but from no file: no hint about one.
      answer = AnswerStages.create(config, environment, meters);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("Invalid configuration: " + e.getMessage());
      return 2;
    }
    OpsSettings opsSettings = OpsSettings.from(config);
    // A busy ops port is found before the FAQ load and warm-up (minutes on a large FAQ), not after them.
    Runnable opsPortFree = () -> {
      if (opsSettings.enabled() && opsSettings.port() != 0) {
        OpsServer.checkCanListen(opsSettings.host(), opsSettings.port());
      }
    };
    Stages stages = Stages.of(config, matcher, meters).withAnswer(answer);
    AutoCloseable answerResources = answer instanceof AutoCloseable closeable ? closeable : () -> { };
    try (answerResources; TicketflowProcessor processor = TicketflowProcessor.run(config, stages, opsPortFree)) {
      if (processor.stopRequested() || !processor.isRunning()) {
        // Stopped while it started (a signal during the FAQ load or the matcher's warm-up): no ops
        // server, no "started".
        processor.awaitTermination();
        return processor.state() == KafkaStreams.State.ERROR ? 1 : 0;
      }
      try (AutoCloseable ops = startOps(config, processor, meters, stages)) {
        assert ops != null; // held for its close()
        spec.commandLine().getOut().println("ticketflow processor started (application.id=" + config.applicationId()
            + "); Ctrl-C to stop");
        processor.awaitTermination();
        return processor.state() == KafkaStreams.State.ERROR ? 1 : 0;
      }
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("Invalid configuration: " + e.getMessage());
      return 2;
    } catch (StartupException e) {
      spec.commandLine().getErr().println("Cannot start: " + e.getMessage());
      return 1;
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("Cannot start: " + e.getMessage());
      return 1;
    }
  }

  /** Without a file, a missing key is set in the environment: say as which variable. */
  private String withoutFileHint(ConfigException e) {
    if (configFile != null) {
      return "";
    }
    Matcher missing = MISSING_KEY.matcher(String.valueOf(e.getMessage()));
    return missing.find()
        ? " (no --config FILE: set it as " + ConfigLoader.envName(missing.group(1)) + " or give a file)"
        : " (no --config FILE: the settings come from TICKETFLOW_* environment variables only)";
  }

  private AutoCloseable startOps(TicketflowConfig config, TicketflowProcessor processor,
      PrometheusMeterRegistry meters, Stages stages) {
    OpsSettings ops = OpsSettings.from(config);
    if (!ops.enabled()) {
      return () -> { };
    }
    SinkProgress sinks = ops.connectUrl().isBlank() ? null : SinkProgress.start(config, ops.connectUrl(),
        ops.connectors(), ops.sinkStallTimeout(), SinkProgress.INTERVAL, meters);
    try {
      Operations operations = Operations.start(config, ops.host(), ops.port(), processor.streams(), meters,
          new Topics(config.topicPrefix(), stages.registry(), config.serdeConfig()),
          List.copyOf(config.allowedTenants()),
          sinks == null ? List.of() : List.of(new ConnectorsHealth(ops.connectUrl(), ops.connectors()), sinks), false);
      spec.commandLine().getOut().println("metrics, health and console at " + operations.server().url());
      return sinks == null ? operations : () -> {
        operations.close();
        sinks.close();
      };
    } catch (RuntimeException e) {
      if (sinks != null) {
        sinks.close();
      }
      throw e;
    }
  }
}
