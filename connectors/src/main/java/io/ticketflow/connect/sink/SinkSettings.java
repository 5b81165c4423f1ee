package io.ticketflow.connect.sink;

import io.ticketflow.connect.AvroConverter;
import io.ticketflow.schema.topic.Topics;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The values the connector templates leave open. {@link #placeholders()} names them as the
 * templates do ({@code {{JDBC_URL}}}, ...), which is also how the docker-compose registration
 * container fills them from its environment.
 *
 * <p>The database password is never a value here: {@code jdbcPasswordReference} is a Kafka
 * Connect config provider reference ({@code ${env:TICKETFLOW_JDBC_PASSWORD}}, {@code
 * ${dir:/run/secrets:jdbc-password}}, ...) that the worker resolves when it starts a task, so the
 * password is in no connector configuration the REST API returns or the {@code _connect-configs}
 * topic stores. The worker must define the provider ({@code config.providers}).
 *
 * @param connectorPrefix prepended to connector names, so several stacks can share one broker
 *     (a sink's consumer group is {@code connect-<name>})
 * @param jdbcPasswordReference a config provider reference to the password, or {@code ""} for a
 *     database that asks for none
 * @param batchSize the JDBC sink's {@code batch.size} (rows per flush)
 */
public record SinkSettings(
    String topicPrefix,
    String connectorPrefix,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPasswordReference,
    String schemaRegistryUrl,
    String avroConverter,
    int batchSize,
    short replicationFactor) {

  /** The JDBC sink's own default batch size. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /** The environment variable a worker with the {@code env} provider reads the password from. */
  public static final String PASSWORD_ENV = "TICKETFLOW_JDBC_PASSWORD";

  /** The password from the worker's environment ({@link #PASSWORD_ENV}), docker-compose's way. */
  public static final String ENV_PASSWORD_REFERENCE = "${env:" + PASSWORD_ENV + "}";

  /** A password property in a JDBC URL's parameters ({@code password=}, {@code sslpassword=}). */
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;](?:ssl)?password=)[^&;]*");

  /** {@code ${provider:key}} or {@code ${provider:path:key}}, as Kafka's ConfigTransformer reads them. */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{[A-Za-z0-9_.-]+:[^}]+}");

  public SinkSettings {
    Objects.requireNonNull(topicPrefix, "topicPrefix");
    Objects.requireNonNull(connectorPrefix, "connectorPrefix");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!redactedJdbcUrl(jdbcUrl).equals(jdbcUrl)) {
      throw new IllegalArgumentException("the JDBC URL " + redactedJdbcUrl(jdbcUrl) + " carries a password:"
          + " a connector's configuration, URL included, is readable through the REST API and logged;"
          + " give the password as " + PASSWORD_ENV + " instead");
    }
    Objects.requireNonNull(jdbcUser, "jdbcUser");
    Objects.requireNonNull(jdbcPasswordReference, "jdbcPasswordReference");
    if (!jdbcPasswordReference.isEmpty() && !REFERENCE.matcher(jdbcPasswordReference).matches()) {
      // The value may be a password given by mistake: the message must not repeat it.
      throw new IllegalArgumentException("jdbcPasswordReference must be a Connect config provider"
          + " reference such as " + ENV_PASSWORD_REFERENCE + " (or empty for no password), never the"
          + " password itself: a connector's configuration is readable through the REST API and"
          + " stored in the worker's config topic");
    }
    Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
    Objects.requireNonNull(avroConverter, "avroConverter");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
    }
  }

  /** Settings for the embedded stack: our converter, default prefix, one replica. */
  public static SinkSettings embedded(String jdbcUrl, String jdbcUser, String jdbcPasswordReference,
      String schemaRegistryUrl) {
    return new SinkSettings(Topics.DEFAULT_PREFIX, "ticketflow-", jdbcUrl, jdbcUser, jdbcPasswordReference,
        schemaRegistryUrl, AvroConverter.class.getName(), DEFAULT_BATCH_SIZE, (short) 1);
  }

  public SinkSettings withTopicPrefix(String prefix) {
    return new SinkSettings(prefix, connectorPrefix, jdbcUrl, jdbcUser, jdbcPasswordReference,
        schemaRegistryUrl, avroConverter, batchSize, replicationFactor);
  }

  public SinkSettings withConnectorPrefix(String prefix) {
    return new SinkSettings(topicPrefix, prefix, jdbcUrl, jdbcUser, jdbcPasswordReference,
        schemaRegistryUrl, avroConverter, batchSize, replicationFactor);
  }

  public SinkSettings withBatchSize(int rows) {
    return new SinkSettings(topicPrefix, connectorPrefix, jdbcUrl, jdbcUser, jdbcPasswordReference,
        schemaRegistryUrl, avroConverter, rows, replicationFactor);
  }

  /**
   * A PostgreSQL URL with {@code logServerErrorDetail=false} unless it sets that itself. Otherwise
   * a row the database refuses puts its values, customers' texts included, into the exception it
   * is dead-lettered with: into the worker's log and the dead letter's headers.
   * The driver then keeps the error and the statement's name, without the statement and the row.
   */
  static String withoutErrorDetail(String jdbcUrl) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:") || jdbcUrl.toLowerCase(Locale.ROOT).contains("logservererrordetail=")) {
      return jdbcUrl;
    }
    return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "logServerErrorDetail=false";
  }

  /** {@code jdbcUrl} with the values of its password parameters masked, for messages and logs. */
  public static String redactedJdbcUrl(String jdbcUrl) {
    return URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
  }

  /** Placeholder name (as in the templates, without braces) to value. */
  public Map<String, String> placeholders() {
    return Map.of(
        "TOPIC_PREFIX", topicPrefix,
        "CONNECTOR_PREFIX", connectorPrefix,
        "JDBC_URL", withoutErrorDetail(jdbcUrl),
        "JDBC_USER", jdbcUser,
        "JDBC_PASSWORD_REFERENCE", jdbcPasswordReference,
        "SCHEMA_REGISTRY_URL", schemaRegistryUrl,
        "AVRO_CONVERTER", avroConverter,
        "BATCH_SIZE", Integer.toString(batchSize),
        "REPLICATION_FACTOR", Short.toString(replicationFactor));
  }
}
