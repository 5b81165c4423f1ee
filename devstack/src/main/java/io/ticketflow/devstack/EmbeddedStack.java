package io.ticketflow.devstack;

import io.ticketflow.devstack.kafka.EmbeddedKafka;
import io.ticketflow.devstack.registry.EmbeddedSchemaRegistry;
import io.ticketflow.schema.serde.AvroSerdeConfig;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-JVM stack: a KRaft broker and a schema registry on loopback. Started by {@code demo}
 * and, once per test run, by {@link io.ticketflow.devstack.junit.EmbeddedStackExtension}.
 */
public final class EmbeddedStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

  private final EmbeddedKafka kafka;
  private final EmbeddedSchemaRegistry registry;

  private EmbeddedStack(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
  }

  /** Starts broker and registry on free ports with temporary data. */
  public static EmbeddedStack start() {
    return start(EmbeddedKafka.builder().build(), 0);
  }

  /** Starts {@code kafka} (if not running) and a registry on {@code registryPort} (0 = free). */
  public static EmbeddedStack start(EmbeddedKafka kafka, int registryPort) {
    kafka.start();
    try {
      return new EmbeddedStack(kafka,
          EmbeddedSchemaRegistry.start(kafka, registryPort, EmbeddedSchemaRegistry.DEFAULT_TOPIC));
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public EmbeddedSchemaRegistry registry() {
    return registry;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return registry.url();
  }

  /** A REST client for this stack's registry, as a production service would use. */
  public io.ticketflow.schema.registry.SchemaRegistryClient registryClient() {
    return new io.ticketflow.schema.serde.AvroSerdeConfig(serdeConfig()).createClient();
  }

  /** Serde settings pointing at this stack's registry. */
  public Map<String, Object> serdeConfig() {
    return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
  }

  @Override
  public void close() {
    try {
      registry.close();
    } catch (RuntimeException e) {
      LOG.warn("schema registry did not stop cleanly", e);
    }
    kafka.close();
  }
}
