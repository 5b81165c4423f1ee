package io.ticketflow.schema.serde;

import io.ticketflow.schema.registry.MockSchemaRegistry;
import io.ticketflow.schema.registry.RestSchemaRegistryClient;
import io.ticketflow.schema.registry.SchemaRegistryClient;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Serde settings, under the names Confluent's serializers use. */
public final class AvroSerdeConfig extends AbstractConfig {
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  /** The only strategy implemented; Confluent's class name is accepted as a synonym. */
  public static final String TOPIC_NAME_STRATEGY =
      "io.confluent.kafka.serializers.subject.TopicNameStrategy";

  /**
   * Refuses registry URLs with credentials in them ({@code http://user:password@host}): a URL is
   * logged and named in error messages and dead letters, a password must never be. The refusal
   * itself shows the URL with its credentials masked.
   */
  public static final ConfigDef.Validator NO_CREDENTIALS_IN_URL = noCredentialsInUrl(BASIC_AUTH_USER_INFO);

  /**
   * {@link #NO_CREDENTIALS_IN_URL} for a configuration whose credentials key is {@code
   * credentialsKey} (the processor's is {@code schema.registry.basic.auth.user.info}): the refusal
   * names the key that configuration accepts.
   */
  public static ConfigDef.Validator noCredentialsInUrl(String credentialsKey) {
    return (name, value) -> {
      List<?> urls = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
      for (Object url : urls) {
        String text = String.valueOf(url);
        if (!redacted(text).equals(text)) {
          throw new ConfigException(name, redacted(text),
              "credentials in the URL are not accepted (they would be logged): set them as " + credentialsKey);
        }
      }
    };
  }

  public static final ConfigDef CONFIG = new ConfigDef()
      .define(SCHEMA_REGISTRY_URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, NO_CREDENTIALS_IN_URL, Importance.HIGH,
          "Comma-separated Schema Registry URLs, or mock://scope for an in-memory registry.")
      .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
          "Register the record's schema on first use.")
      .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.MEDIUM,
          "Without auto-registration: write with the subject's latest version, which must equal "
              + "the record's schema in Avro's parsing form (docs, defaults and properties aside).")
      .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, false, Importance.MEDIUM,
          "Deserialize to generated classes instead of GenericRecord.")
      .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
          "user:password for HTTP basic authentication to the registry.")
      .define(HTTP_CONNECT_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
          "Connect timeout for registry calls.")
      .define(HTTP_READ_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
          "Request timeout for registry calls.")
      .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, TOPIC_NAME_STRATEGY, Importance.LOW,
          "Only TopicNameStrategy (<topic>-key) is supported.")
      .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, TOPIC_NAME_STRATEGY, Importance.LOW,
          "Only TopicNameStrategy (<topic>-value) is supported.");

  public AvroSerdeConfig(Map<?, ?> originals) {
    super(CONFIG, originals, false);
    for (String key : List.of(KEY_SUBJECT_NAME_STRATEGY, VALUE_SUBJECT_NAME_STRATEGY)) {
      String strategy = getString(key);
      if (!strategy.equals(TOPIC_NAME_STRATEGY) && !strategy.endsWith(".TopicNameStrategy")
          && !strategy.equals("TopicNameStrategy")) {
        throw new ConfigException(key, strategy, "only TopicNameStrategy is supported");
      }
    }
    if (getList(SCHEMA_REGISTRY_URL).isEmpty()) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, "", "at least one URL is needed");
    }
  }

  public boolean autoRegisterSchemas() {
    return getBoolean(AUTO_REGISTER_SCHEMAS);
  }

  public boolean useLatestVersion() {
    return getBoolean(USE_LATEST_VERSION);
  }

  public boolean specificAvroReader() {
    return getBoolean(SPECIFIC_AVRO_READER);
  }

  /** The client these settings describe: in-memory for {@code mock://scope}, REST otherwise. */
  public SchemaRegistryClient createClient() {
    List<String> urls = getList(SCHEMA_REGISTRY_URL);
    if (urls.get(0).startsWith(MockSchemaRegistry.SCHEME)) {
      if (urls.size() > 1) {
        throw new ConfigException(SCHEMA_REGISTRY_URL, urls, "a mock:// URL must stand alone");
      }
      return MockSchemaRegistry.forScope(urls.get(0).substring(MockSchemaRegistry.SCHEME.length()));
    }
    List<URI> uris = Arrays.asList(urls.stream().map(AvroSerdeConfig::toUri).toArray(URI[]::new));
    Password userInfo = getPassword(BASIC_AUTH_USER_INFO);
    return new RestSchemaRegistryClient(uris,
        Duration.ofMillis(getInt(HTTP_CONNECT_TIMEOUT_MS)),
        Duration.ofMillis(getInt(HTTP_READ_TIMEOUT_MS)),
        userInfo == null ? null : userInfo.value());
  }

  /** {@code url} with any {@code user:password@} replaced by {@code ***@}. */
  public static String redacted(String url) {
    // Up to the authority's last '@': a password may hold an unencoded one.
    return url.replaceAll("(?<=//)[^/?#]*@", "***@");
  }

  /**
   * {@code url} as a refusal shows it: everything between {@code //} and the last {@code @} masked.
   * A password holding an unencoded '/', '?' or '#' does not parse as credentials, and such a URL is
   * refused as no URL, so the mask cannot wait for a parse.
   */
  public static String masked(String url) {
    return url.replaceFirst("(?<=//).*@", "***@");
  }

  private static URI toUri(String url) {
    try {
      URI uri = URI.create(url.trim());
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      // A password holding an unencoded '/' or '?' does not parse as credentials: mask up to the
      // last '@'. And not URI's own message, which quotes the whole input.
      String why = e.getCause() instanceof java.net.URISyntaxException syntax ? syntax.getReason() : e.getMessage();
      throw new ConfigException(SCHEMA_REGISTRY_URL, masked(url), why);
    }
  }
}
