package io.ticketflow.ops;

import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;

/**
 * Fail fast with a clear message when a dependency is unreachable, instead of letting Streams
 * retry silently: Kafka clients would otherwise log connection warnings forever.
 */
public final class StartupChecks {
  private StartupChecks() {}

  /**
   * An admin client for these settings, or a {@link StartupException} saying why Kafka's client
   * refused them (no resolvable address, a kafka.sasl.jaas.config without its semicolon, a keystore
   * it cannot load): the client wraps the reason two levels deep under "Failed to create new
   * KafkaAdminClient".
   */
  public static Admin adminClient(Map<String, Object> settings, String bootstrapServers) {
    try {
      return Admin.create(settings);
    } catch (KafkaException e) {
      Throwable reason = e;
      while (reason.getCause() != null) {
        reason = reason.getCause();
      }
      throw new StartupException("cannot create a Kafka client for bootstrap.servers=" + bootstrapServers + ": "
          + (reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage()), e);
    }
  }

  public static void brokerReachable(Admin admin, String bootstrapServers, Duration timeout) {
    try {
      int nodes = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      if (nodes == 0) {
        throw new StartupException("Kafka at " + bootstrapServers + " reports no brokers");
      }
    } catch (TimeoutException e) {
      throw unreachable(bootstrapServers, timeout, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        // The admin call's own deadline (default.api.timeout.ms) passed first: no answer either.
        throw unreachable(bootstrapServers, timeout, e.getCause());
      }
      throw new StartupException("Kafka at bootstrap.servers=" + bootstrapServers + " refused the connection: "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while contacting Kafka", e);
    }
  }

  private static StartupException unreachable(String bootstrapServers, Duration timeout, Throwable cause) {
    return new StartupException("Kafka is unreachable at bootstrap.servers=" + bootstrapServers + " (no answer within "
        + timeout.toSeconds() + " s); check the address and that the broker is running", cause);
  }

  /**
   * Returns when the registry answers; else throws a {@link StartupException} that says, in one
   * sentence, which registry did not and why.
   */
  public static void registryReachable(SchemaRegistryClient registry, String url) {
    try {
      registry.subjects();
    } catch (SchemaRegistryException e) {
      throw new StartupException(registryProblem(url, e), e);
    } catch (RuntimeException e) {
      throw new StartupException("Schema Registry at schema.registry.url=" + url + " cannot be used: " + e, e);
    }
  }

  /**
   * One sentence for a registry failure. An answer's error already names the request's URL and its
   * status; for no answer the client's message says "Schema registry unreachable at [URL]" and adds
   * "(HTTP 0, error code -1)", so quoted inside another sentence naming the URL it said it twice.
   */
  public static String registryProblem(String url, SchemaRegistryException e) {
    if (e.errorCode() != SchemaRegistryException.UNREACHABLE) {
      return e.getMessage();
    }
    Throwable cause = e.getCause();
    String why = cause == null ? "no answer"
        : cause.getMessage() == null ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return "Schema Registry is unreachable at schema.registry.url=" + url + " (" + why
        + "); check the address and that the registry is running";
  }
}
