package io.ticketflow.ops;

import io.ticketflow.schema.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * Fail fast with a clear message when a dependency is unreachable, instead of letting Streams
 * retry silently: Kafka clients would otherwise log connection warnings forever.
 */
public final class StartupChecks {
  private StartupChecks() {}

  public static void brokerReachable(Admin admin, String bootstrapServers, Duration timeout) {
    try {
      int nodes = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      if (nodes == 0) {
        throw new StartupException("Kafka at " + bootstrapServers + " reports no brokers");
      }
    } catch (TimeoutException e) {
      throw new StartupException("Kafka is unreachable at bootstrap.servers=" + bootstrapServers + " (no answer within "
          + timeout.toSeconds() + " s); check the address and that the broker is running", e);
    } catch (ExecutionException e) {
      throw new StartupException("Kafka at bootstrap.servers=" + bootstrapServers + " refused the connection: "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while contacting Kafka", e);
    }
  }

  public static void registryReachable(SchemaRegistryClient registry, String url) {
    try {
      registry.subjects();
    } catch (RuntimeException e) {
      throw new StartupException("Schema Registry is unreachable at schema.registry.url=" + url + ": "
          + e.getMessage(), e);
    }
  }
}
