package io.ticketflow.connect.sink;

import io.ticketflow.connect.AvroConverter;
import io.ticketflow.schema.topic.Topics;
import java.util.Map;
import java.util.Objects;

/**
 * The values the connector templates leave open. {@link #placeholders()} names them as the
 * templates do ({@code {{JDBC_URL}}}, ...), which is also how the docker-compose registration
 * container fills them from its environment.
 *
 * @param connectorPrefix prepended to connector names, so several stacks can share one broker
 *     (a sink's consumer group is {@code connect-<name>})
 * @param batchSize the JDBC sink's {@code batch.size} (rows per flush)
 */
public record SinkSettings(
    String topicPrefix,
    String connectorPrefix,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    String schemaRegistryUrl,
    String avroConverter,
    int batchSize,
    short replicationFactor) {

  /** The JDBC sink's own default batch size. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  public SinkSettings {
    Objects.requireNonNull(topicPrefix, "topicPrefix");
    Objects.requireNonNull(connectorPrefix, "connectorPrefix");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(jdbcUser, "jdbcUser");
    Objects.requireNonNull(jdbcPassword, "jdbcPassword");
    Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
    Objects.requireNonNull(avroConverter, "avroConverter");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
    }
  }

  /** Settings for the embedded stack: our converter, default prefix, one replica. */
  public static SinkSettings embedded(String jdbcUrl, String jdbcUser, String jdbcPassword,
      String schemaRegistryUrl) {
    return new SinkSettings(Topics.DEFAULT_PREFIX, "ticketflow-", jdbcUrl, jdbcUser, jdbcPassword,
        schemaRegistryUrl, AvroConverter.class.getName(), DEFAULT_BATCH_SIZE, (short) 1);
  }

  public SinkSettings withTopicPrefix(String prefix) {
    return new SinkSettings(prefix, connectorPrefix, jdbcUrl, jdbcUser, jdbcPassword,
        schemaRegistryUrl, avroConverter, batchSize, replicationFactor);
  }

  public SinkSettings withConnectorPrefix(String prefix) {
    return new SinkSettings(topicPrefix, prefix, jdbcUrl, jdbcUser, jdbcPassword,
        schemaRegistryUrl, avroConverter, batchSize, replicationFactor);
  }

  public SinkSettings withBatchSize(int rows) {
    return new SinkSettings(topicPrefix, connectorPrefix, jdbcUrl, jdbcUser, jdbcPassword,
        schemaRegistryUrl, avroConverter, rows, replicationFactor);
  }

  /** Placeholder name (as in the templates, without braces) to value. */
  public Map<String, String> placeholders() {
    return Map.of(
        "TOPIC_PREFIX", topicPrefix,
        "CONNECTOR_PREFIX", connectorPrefix,
        "JDBC_URL", jdbcUrl,
        "JDBC_USER", jdbcUser,
        "JDBC_PASSWORD", jdbcPassword,
        "SCHEMA_REGISTRY_URL", schemaRegistryUrl,
        "AVRO_CONVERTER", avroConverter,
        "BATCH_SIZE", Integer.toString(batchSize),
        "REPLICATION_FACTOR", Short.toString(replicationFactor));
  }

  @Override
  public String toString() {
    // A record's generated toString would print the password.
    return "SinkSettings[topicPrefix=" + topicPrefix + ", connectorPrefix=" + connectorPrefix
        + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", jdbcPassword=****"
        + ", schemaRegistryUrl=" + schemaRegistryUrl + ", avroConverter=" + avroConverter
        + ", batchSize=" + batchSize + ", replicationFactor=" + replicationFactor + "]";
  }
}
