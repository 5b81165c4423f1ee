package io.ticketflow.cli;

import io.ticketflow.cli.demo.DemoOptions;
import io.ticketflow.config.ConfigLoader;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.schema.topic.Topics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where {@code faq import}, {@code ask} and {@code report} connect: the same file as {@code run}
 * ({@code --config}), or flags whose defaults are the demo's addresses.
 */
public final class ConnectionOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Properties file, as for run (overrides the flags below).")
  Path configFile;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
      description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(names = "--schema-registry-url", paramLabel = "URL", defaultValue = "http://localhost:8081",
      description = "Schema Registry (default: ${DEFAULT-VALUE}).")
  String schemaRegistryUrl;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
      description = "Topic prefix (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  /** The settings as a {@link TicketflowConfig}: the file (plus environment) when given, else the flags. */
  public TicketflowConfig config() {
    if (configFile != null) {
      return ConfigLoader.load(configFile);
    }
    Map<String, Object> p = new HashMap<>();
    p.put(TicketflowConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    p.put(TicketflowConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    p.put(TicketflowConfig.TOPIC_PREFIX, topicPrefix);
    return new TicketflowConfig(p);
  }

  /** Database flags for {@code report}. */
  public static final class Database {
    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = DemoOptions.DEMO_JDBC_URL,
        description = "Database with the sink tables (default: the demo's, ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--jdbc-user", paramLabel = "USER", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--jdbc-password", paramLabel = "PASSWORD", defaultValue = "${env:TICKETFLOW_JDBC_PASSWORD:-}",
      description = "Database password (default: the TICKETFLOW_JDBC_PASSWORD environment variable, which unlike"
          + " a flag does not show in the process list).")
    String password;
  }
}
