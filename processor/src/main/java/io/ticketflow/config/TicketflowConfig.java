package io.ticketflow.config;

import io.ticketflow.match.Calibration;
import io.ticketflow.schema.serde.AvroSerdeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's typed configuration, in Kafka's own {@link ConfigDef} style: every key a
 * constant with doc, type, default, validator and group. Keys under {@code kafka.} are passed
 * through (prefix removed) to Streams and its clients. Later issues add their groups (e.g.
 * {@code llm.*}) by extending {@link #CONFIG} through {@link #define}.
 */
public final class TicketflowConfig extends AbstractConfig {
  private static final Logger LOG = LoggerFactory.getLogger(TicketflowConfig.class);

  public static final String GROUP_KAFKA = "Kafka";
  public static final String GROUP_TOPICS = "Topics";
  public static final String GROUP_VALIDATE = "Validate";
  public static final String GROUP_DEDUPE = "Dedupe";
  public static final String GROUP_FEEDBACK = "Feedback";
  public static final String GROUP_MATCH = "Match";
  public static final String GROUP_STATE = "State";

  /** Keys starting with this are handed to Kafka Streams and its clients, prefix removed. */
  public static final String KAFKA_PREFIX = "kafka.";

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String SCHEMA_REGISTRY_USER_INFO = "schema.registry.basic.auth.user.info";
  public static final String APPLICATION_ID = "application.id";
  public static final String PROCESSING_GUARANTEE = "processing.guarantee";
  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
  public static final String TOPIC_CREATE = "topic.create";
  public static final String DLQ_MAX_VALUE_BYTES = "dlq.max-value-bytes";
  public static final String VALIDATE_MAX_TEXT_LENGTH = "validate.max-text-length";
  public static final String VALIDATE_TENANTS = "validate.tenants";
  public static final String DEDUPE_RETENTION = "dedupe.retention";
  public static final String FEEDBACK_QUESTION_RETENTION = "feedback.question-retention";
  public static final String MATCH_ANSWER_THRESHOLD = "match.answer-threshold";
  public static final String MATCH_CALIBRATION = "match.calibration";
  public static final String MATCH_WARM_UP = "match.warm-up";
  public static final String MATCH_EMBEDDING_CACHE = "match.embedding-cache";
  /** {@code match.embedding-cache}'s value that turns the cache off. */
  public static final String EMBEDDING_CACHE_OFF = "off";
  public static final String STATE_STORES = "state.stores";
  public static final String STORES_PERSISTENT = "persistent";
  public static final String STORES_IN_MEMORY = "in-memory";

  public static final String DEFAULT_APPLICATION_ID = "ticketflow";
  public static final int DEFAULT_MAX_TEXT_LENGTH = 4000;
  public static final double DEFAULT_ANSWER_THRESHOLD = 0.8;
  /** At most 3,000 matches: about 15 s for a 10,000-entry FAQ (docs/benchmarks.md). */
  public static final String DEFAULT_WARM_UP = "30s";

  private static final Pattern TOPIC_NAME_CHARACTERS = Pattern.compile("[a-zA-Z0-9._-]*");

  /** The definition; {@link #define} extends it for later stages. */
  public static final ConfigDef CONFIG = baseDefinition();

  private static ConfigDef baseDefinition() {
    ConfigDef def = new ConfigDef();
    int order = 0;
    def.define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.ValidList.anyNonDuplicateValues(false, false),
        Importance.HIGH, "Kafka brokers to connect to, host:port[,host:port...].",
        GROUP_KAFKA, ++order, ConfigDef.Width.LONG, "Bootstrap servers");
    def.define(SCHEMA_REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
        ConfigDef.CompositeValidator.of(new ConfigDef.NonEmptyString(),
            AvroSerdeConfig.noCredentialsInUrl(SCHEMA_REGISTRY_USER_INFO), TicketflowConfig::checkRegistryUrls),
        Importance.HIGH, "Schema Registry URL (Confluent REST API), or mock://scope in tests.",
        GROUP_KAFKA, ++order, ConfigDef.Width.LONG, "Schema Registry URL");
    def.define(SCHEMA_REGISTRY_USER_INFO, Type.PASSWORD, null, Importance.LOW,
        "user:password for HTTP basic authentication to the Schema Registry (secret).",
        GROUP_KAFKA, ++order, ConfigDef.Width.MEDIUM, "Registry credentials");
    def.define(APPLICATION_ID, Type.STRING, DEFAULT_APPLICATION_ID, new ConfigDef.NonEmptyString(),
        Importance.HIGH, "Kafka Streams application id: consumer group, prefix of internal topics.",
        GROUP_KAFKA, ++order, ConfigDef.Width.MEDIUM, "Application id");
    def.define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
        ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
        Importance.MEDIUM, "exactly_once_v2 (inquiry to reply and audit in one transaction) or "
            + "at_least_once.", GROUP_KAFKA, ++order, ConfigDef.Width.SHORT, "Processing guarantee");
    order = 0;
    // Kafka's topic name characters: with others, run and faq import failed only when creating topics.
    ConfigDef.Validator topicNameCharacters = ConfigDef.LambdaValidator.with((name, value) -> {
      if (value != null && !TOPIC_NAME_CHARACTERS.matcher(value.toString()).matches()) {
        throw new ConfigException(name, value, "a topic name holds ASCII letters, digits, '.', '_' and '-' only");
      }
    }, () -> "ASCII letters, digits, '.', '_' and '-'");
    def.define(TOPIC_PREFIX, Type.STRING, "helpdesk.", topicNameCharacters, Importance.MEDIUM,
        "Prefix of every pipeline topic, e.g. helpdesk. gives helpdesk.inquiries.",
        GROUP_TOPICS, ++order, ConfigDef.Width.SHORT, "Topic prefix");
    def.define(TOPIC_PARTITIONS, Type.INT, 4, Range.atLeast(1), Importance.MEDIUM,
        "Partitions of topics the processor creates when they are missing.",
        GROUP_TOPICS, ++order, ConfigDef.Width.SHORT, "Partitions");
    def.define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 1, Range.atLeast(1), Importance.MEDIUM,
        "Replication factor of topics the processor creates (and of Streams' internal topics).",
        GROUP_TOPICS, ++order, ConfigDef.Width.SHORT, "Replication factor");
    def.define(TOPIC_CREATE, Type.BOOLEAN, true, Importance.LOW,
        "Create missing pipeline topics at startup.",
        GROUP_TOPICS, ++order, ConfigDef.Width.SHORT, "Create topics");
    def.define(DLQ_MAX_VALUE_BYTES, Type.INT, 1_000_000, Range.atLeast(0), Importance.LOW,
        "Longest original value a dead letter carries; longer ones are cut (and the message says so), "
            + "so that a dead letter always fits the DLQ topic's max.message.bytes (about 1 MB by default). "
            + "Raise it together with that topic setting and kafka.producer.max.request.size.",
        GROUP_TOPICS, ++order, ConfigDef.Width.SHORT, "Dead-letter value limit");
    order = 0;
    def.define(VALIDATE_MAX_TEXT_LENGTH, Type.INT, DEFAULT_MAX_TEXT_LENGTH, Range.between(1, 1_000_000),
        Importance.MEDIUM, "Longest inquiry text accepted, in characters (Unicode code points: an emoji counts "
            + "once); longer ones are rejected to the DLQ with TEXT_TOO_LONG.", GROUP_VALIDATE, ++order, ConfigDef.Width.SHORT,
        "Max text length");
    def.define(VALIDATE_TENANTS, Type.LIST, "", Importance.MEDIUM,
        "Tenants whose inquiries are accepted; empty accepts every tenant.",
        GROUP_VALIDATE, ++order, ConfigDef.Width.LONG, "Tenant allow-list");
    order = 0;
    def.define(DEDUPE_RETENTION, Type.STRING, "P7D", new DurationValidator(), Importance.MEDIUM,
        "How long an inquiryId is remembered to drop redeliveries and join feedback (ISO-8601 like P7D, or 7d, 12h, "
            + "30m, 45s, 500ms; at most 36500d), by the records' timestamps, never ahead of the processor's clock "
            + "(a record stamped before the latest one already processed counts from that one, so a late or "
            + "backlogged inquiry is not remembered as already expired).",
        GROUP_DEDUPE, ++order, ConfigDef.Width.SHORT, "Dedupe retention");
    order = 0;
    def.define(FEEDBACK_QUESTION_RETENTION, Type.STRING, "90d", DurationValidator.zeroAllowed(), Importance.LOW,
        "How long an unanswered question (escalated for lack of an answer, or LLM-answered) stays in the counts of"
            + " FAQ candidates after it was last asked; then its count is deleted (a tombstone on the FAQ statistics"
            + " topic). 0 keeps every question for good.", GROUP_FEEDBACK, ++order, ConfigDef.Width.SHORT,
        "Question retention");
    order = 0;
    def.define(MATCH_ANSWER_THRESHOLD, Type.DOUBLE, DEFAULT_ANSWER_THRESHOLD, FiniteRange.between(0.0, 1.0),
        Importance.HIGH, "FAQ confidence at or above which the FAQ answer is sent as the reply.",
        GROUP_MATCH, ++order, ConfigDef.Width.SHORT, "Answer threshold");
    def.define(MATCH_CALIBRATION, Type.STRING, "", Importance.MEDIUM,
        "Calibration JSON written by 'ticketflow calibrate' (the hybrid matcher's fitted fusion); empty "
            + "uses the shipped default. Its thresholds are not used: set match.answer-threshold.",
        GROUP_MATCH, ++order, ConfigDef.Width.LONG, "Calibration file");
    def.define(MATCH_WARM_UP, Type.STRING, DEFAULT_WARM_UP, DurationValidator.zeroAllowed(), Importance.LOW,
        "At start-up, once the FAQ is loaded and before the first inquiry, the matcher matches up to "
            + "3,000 inquiries made from the FAQ's own wordings for at most this long, so that the first "
            + "customers do not wait for the JIT compiler (0 turns it off).",
        GROUP_MATCH, ++order, ConfigDef.Width.SHORT, "Matcher warm-up");
    def.define(MATCH_EMBEDDING_CACHE, Type.STRING, "", Importance.LOW,
        "Directory where the FAQ wordings' embeddings are kept between runs, so that a restart embeds only "
            + "new wordings; empty: 'ticketflow-embeddings' in the Streams state directory (kafka.state.dir); "
            + "'off': none.",
        GROUP_MATCH, ++order, ConfigDef.Width.LONG, "Embedding cache");
    order = 0;
    def.define(STATE_STORES, Type.STRING, STORES_PERSISTENT, ValidString.in(STORES_PERSISTENT, STORES_IN_MEMORY),
        Importance.LOW, "Where the dedupe and outcome stores live: persistent (RocksDB on local disk, bounded "
            + "memory, fast restart) or in-memory (faster, but memory grows with retention times traffic and a "
            + "restart replays the changelog).", GROUP_STATE, ++order, ConfigDef.Width.SHORT, "State stores");
    io.ticketflow.answer.LlmSettings.define(def);
    io.ticketflow.ops.OpsSettings.define(def);
    return def;
  }

  private final Map<String, Object> kafkaOverrides;
  /** {@code match.calibration}'s file, loaded and checked once; null: the shipped default. */
  private final Calibration calibration;

  /** Parses and validates {@code props}; unknown keys outside {@code kafka.} are an error. */
  public TicketflowConfig(Map<?, ?> props) {
    super(CONFIG, props, false);
    Map<String, Object> kafka = new TreeMap<>();
    for (Map.Entry<?, ?> e : props.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.startsWith(KAFKA_PREFIX)) {
        kafka.put(key.substring(KAFKA_PREFIX.length()), e.getValue());
      } else if (!CONFIG.names().contains(key)) {
        // Not the value: a mistyped key may well be a secret's (e.g. ...user-info=user:password).
        throw new ConfigException("unknown configuration key " + key + " (known keys: "
            + new TreeMap<>(CONFIG.configKeys()).keySet() + "; Kafka settings go under kafka.)");
      }
    }
    this.kafkaOverrides = Map.copyOf(kafka);
    validate();
    this.calibration = CalibrationFile.load(MATCH_CALIBRATION, getString(MATCH_CALIBRATION));
  }

  /**
   * Comma-separated http(s) URLs, or one {@code mock://scope}: checked here, or a URL such as {@code
   * registry:8081} was refused only when the registry client was built, past the configuration
   * checks (a stack trace from run; ask and faq import blamed Kafka).
   */
  private static void checkRegistryUrls(String name, Object value) {
    String urls = String.valueOf(value).trim();
    if (urls.startsWith(io.ticketflow.schema.registry.MockSchemaRegistry.SCHEME)) {
      return; // AvroSerdeConfig refuses a mock:// URL that does not stand alone
    }
    for (String url : urls.split(",")) {
      if (url.isBlank()) {
        throw new ConfigException(name, AvroSerdeConfig.masked(urls), "an empty URL in the list");
      }
      HttpUrlValidator.check(name, url);
    }
  }

  /** Adds a key for a later stage (call from a static initializer before any config is built). */
  public static void define(ConfigDef.ConfigKey key) {
    CONFIG.define(key);
  }

  /** Rules that involve more than one key, each naming all the keys involved. */
  private void validate() {
    for (String owned : List.of(BOOTSTRAP_SERVERS, APPLICATION_ID, PROCESSING_GUARANTEE)) {
      if (kafkaOverrides.containsKey(owned)) {
        throw new ConfigException(KAFKA_PREFIX + owned, kafkaOverrides.get(owned),
            "set " + owned + " directly, not under " + KAFKA_PREFIX);
      }
    }
    kafkaOverrides.forEach(KafkaSettingCheck::check);
  }

  /** Logs every setting once, secrets masked (Password values print as [hidden]). */
  public void logSettings() {
    Map<String, Object> shown = new TreeMap<>();
    for (String name : CONFIG.names()) {
      Object value = values().get(name);
      shown.put(name, value instanceof Password ? Password.HIDDEN : value);
    }
    kafkaOverrides.forEach((k, v) -> shown.put(KAFKA_PREFIX + k, isSecretName(k) ? Password.HIDDEN : v));
    StringBuilder text = new StringBuilder("ticketflow configuration:");
    shown.forEach((k, v) -> text.append("\n\t").append(k).append(" = ").append(v));
    LOG.info("{}", text);
  }

  private static final Pattern SECRET_NAME =
      Pattern.compile(".*(password|secret|jaas|credential|token|key\\.pem|api\\.key).*");

  /**
   * What Kafka itself types as a secret ({@code Password}) for Streams and its clients: names alone
   * miss some, such as {@code ssl.keystore.key} (a PEM private key) and {@code
   * sasl.oauthbearer.assertion.private.key.passphrase}.
   */
  private static final Set<String> KAFKA_SECRETS = kafkaSecrets();

  private static Set<String> kafkaSecrets() {
    Set<String> names = new java.util.HashSet<>();
    for (ConfigDef def : List.of(StreamsConfig.configDef(), org.apache.kafka.clients.producer.ProducerConfig.configDef(),
        org.apache.kafka.clients.consumer.ConsumerConfig.configDef(),
        org.apache.kafka.clients.admin.AdminClientConfig.configDef())) {
      def.configKeys().values().stream().filter(k -> k.type == Type.PASSWORD).forEach(k -> names.add(k.name));
    }
    return Set.copyOf(names);
  }

  /** Whether a {@code kafka.*} key (prefix removed) holds a secret, also under a client prefix such as {@code producer.}. */
  static boolean isSecretName(String key) {
    String name = key.toLowerCase(Locale.ROOT);
    return SECRET_NAME.matcher(name).matches()
        || KAFKA_SECRETS.stream().anyMatch(secret -> name.equals(secret) || name.endsWith("." + secret));
  }

  public String bootstrapServers() {
    return String.join(",", getList(BOOTSTRAP_SERVERS));
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL);
  }

  public String applicationId() {
    return getString(APPLICATION_ID);
  }

  public String processingGuarantee() {
    return getString(PROCESSING_GUARANTEE);
  }

  public String topicPrefix() {
    return getString(TOPIC_PREFIX);
  }

  public int topicPartitions() {
    return getInt(TOPIC_PARTITIONS);
  }

  public short topicReplicationFactor() {
    return getShort(TOPIC_REPLICATION_FACTOR);
  }

  public boolean createTopics() {
    return getBoolean(TOPIC_CREATE);
  }

  public int deadLetterMaxValueBytes() {
    return getInt(DLQ_MAX_VALUE_BYTES);
  }

  public int maxTextLength() {
    return getInt(VALIDATE_MAX_TEXT_LENGTH);
  }

  /** Allowed tenants; empty means all. */
  public Set<String> allowedTenants() {
    return Set.copyOf(getList(VALIDATE_TENANTS));
  }

  public Duration dedupeRetention() {
    return DurationValidator.parse(getString(DEDUPE_RETENTION));
  }

  public Duration questionRetention() {
    return DurationValidator.parse(getString(FEEDBACK_QUESTION_RETENTION));
  }

  public Duration matchWarmUp() {
    return DurationValidator.parse(getString(MATCH_WARM_UP));
  }

  /** Where the FAQ wordings' embeddings are kept between runs; null when {@code off}. */
  public Path embeddingCacheDir() {
    String dir = getString(MATCH_EMBEDDING_CACHE).trim();
    if (dir.equalsIgnoreCase(EMBEDDING_CACHE_OFF)) {
      return null;
    }
    if (!dir.isEmpty()) {
      return Path.of(dir);
    }
    Object stateDir = kafkaOverrides.getOrDefault(StreamsConfig.STATE_DIR_CONFIG,
        StreamsConfig.configDef().defaultValues().get(StreamsConfig.STATE_DIR_CONFIG));
    return Path.of(stateDir.toString()).resolve("ticketflow-embeddings");
  }

  public double answerThreshold() {
    return getDouble(MATCH_ANSWER_THRESHOLD);
  }

  /** The hybrid matcher's calibration: {@code match.calibration}'s file, or the shipped default. */
  public Calibration calibration() {
    return calibration != null ? calibration : Calibration.loadDefault();
  }

  public boolean inMemoryStores() {
    return STORES_IN_MEMORY.equals(getString(STATE_STORES));
  }

  /** The {@code kafka.*} settings with the prefix removed. */
  public Map<String, Object> kafkaOverrides() {
    return kafkaOverrides;
  }

  /**
   * The {@code kafka.*} settings one kind of Kafka client knows ({@code known}: e.g. {@code
   * ConsumerConfig.configNames()}), such as its security settings, for the clients the processor
   * and the CLI create besides Streams'.
   */
  public Map<String, Object> clientSettings(java.util.Set<String> known) {
    Map<String, Object> out = new HashMap<>(kafkaOverrides);
    out.keySet().retainAll(known);
    // Streams' group.protocol (classic or streams) is its group's: these clients have no group, and
    // a plain consumer refuses "streams", which stopped run at the console's feed.
    out.remove(StreamsConfig.GROUP_PROTOCOL_CONFIG);
    return out;
  }

  /** Serde settings for the Avro serde ({@code schema.registry.url} and credentials). */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> serde = new HashMap<>();
    serde.put("schema.registry.url", schemaRegistryUrl());
    Password userInfo = getPassword(SCHEMA_REGISTRY_USER_INFO);
    if (userInfo != null) {
      serde.put("basic.auth.user.info", userInfo);
    }
    return serde;
  }
}
