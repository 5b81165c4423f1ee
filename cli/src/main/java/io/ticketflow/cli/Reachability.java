package io.ticketflow.cli;

import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.ops.StartupChecks;
import io.ticketflow.ops.StartupException;
import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.serde.AvroSerdeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Whether Kafka and the Schema Registry answer, asked before {@code ask} and {@code faq import}
 * publish: a wrong address then fails within the command's time and names what did not answer.
 * Without it the first sign is a Kafka client's own wait (15 s for each topic's metadata) ending
 * in "Timeout expired while fetching topic metadata", which names no address.
 */
final class Reachability {
  private Reachability() {}

  /** {@code config}'s registry settings, with the registry calls bounded by {@code timeout}. */
  static Map<String, Object> serdeConfig(TicketflowConfig config, Duration timeout) {
    Map<String, Object> serde = new HashMap<>(config.serdeConfig());
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    serde.put(AvroSerdeConfig.HTTP_CONNECT_TIMEOUT_MS, millis);
    serde.put(AvroSerdeConfig.HTTP_READ_TIMEOUT_MS, millis);
    return serde;
  }

  /**
   * Returns when Kafka answers within {@code timeout} and then the registry answers; else throws a
   * {@link StartupException} whose message names the one that did not and its address.
   */
  static void check(TicketflowConfig config, SchemaRegistryClient registry, Duration timeout) {
    kafka(config, timeout);
    StartupChecks.registryReachable(registry, config.schemaRegistryUrl());
  }

  /** With the configuration's client settings ({@code kafka.*}: security), as the processor connects. */
  static void kafka(TicketflowConfig config, Duration timeout) {
    String bootstrapServers = config.bootstrapServers();
    Map<String, Object> props = config.clientSettings(AdminClientConfig.configNames());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Not "unreachable" when the client refuses the settings: a broken kafka.sasl.jaas.config is no address problem.
    Admin admin = StartupChecks.adminClient(props, bootstrapServers);
    try {
      StartupChecks.brokerReachable(admin, bootstrapServers, timeout);
    } finally {
      admin.close(Duration.ZERO); // abandons the check's call if it is still waiting for a broker
    }
  }
}
