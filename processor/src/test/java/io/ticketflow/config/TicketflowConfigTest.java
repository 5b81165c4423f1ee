package io.ticketflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ticketflow.match.Calibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TicketflowConfigTest {

  private static Map<String, Object> minimal() {
    Map<String, Object> m = new HashMap<>();
    m.put(TicketflowConfig.BOOTSTRAP_SERVERS, "localhost:9092");
    m.put(TicketflowConfig.SCHEMA_REGISTRY_URL, "http://localhost:8081");
    return m;
  }

  /** Every key documented with the doc, default and group this table says; a new key must be added here. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bootstrap.servers | Kafka | <none>",
      "schema.registry.url | Kafka | <none>",
      "schema.registry.basic.auth.user.info | Kafka | null",
      "application.id | Kafka | ticketflow",
      "processing.guarantee | Kafka | exactly_once_v2",
      "topic.prefix | Topics | helpdesk.",
      "topic.partitions | Topics | 4",
      "topic.replication.factor | Topics | 1",
      "topic.create | Topics | true",
      "validate.max-text-length | Validate | 4000",
      "validate.tenants | Validate | ''",
      "dedupe.retention | Dedupe | P7D",
      "match.answer-threshold | Match | 0.8",
      "match.calibration | Match | ''",
      "match.embedding-cache | Match | ''",
      "state.stores | State | persistent",
      "dlq.max-value-bytes | Topics | 1000000",
  })
  void everyKeyHasDocGroupAndDefault(String name, String group, String expectedDefault) {
    ConfigDef.ConfigKey key = TicketflowConfig.CONFIG.configKeys().get(name);
    assertThat(key).as(name).isNotNull();
    assertThat(key.documentation).as(name).isNotBlank().endsWith(".");
    assertThat(key.group).isEqualTo(group);
    String actualDefault = key.defaultValue == ConfigDef.NO_DEFAULT_VALUE ? "<none>"
        : key.defaultValue == null ? "null"
        : key.defaultValue instanceof java.util.List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
        : String.valueOf(key.defaultValue);
    assertThat(actualDefault).isEqualTo(expectedDefault);
  }

  @Test
  void tableCoversEveryDefinedKey() {
    assertThat(TicketflowConfig.CONFIG.configKeys().values()).allSatisfy(key -> {
      assertThat(key.documentation).as("doc of %s", key.name).isNotBlank();
      assertThat(key.group).as("group of %s", key.name).isNotBlank();
    });
    assertThat(TicketflowConfig.CONFIG.groups()).contains(TicketflowConfig.GROUP_KAFKA,
        io.ticketflow.answer.LlmSettings.GROUP, TicketflowConfig.GROUP_STATE);
  }

  @Test
  void defaultsAreTyped() {
    TicketflowConfig c = new TicketflowConfig(minimal());
    assertThat(c.applicationId()).isEqualTo("ticketflow");
    assertThat(c.topicPrefix()).isEqualTo("helpdesk.");
    assertThat(c.processingGuarantee()).isEqualTo("exactly_once_v2");
    assertThat(c.maxTextLength()).isEqualTo(4000);
    assertThat(c.allowedTenants()).isEmpty();
    assertThat(c.dedupeRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(c.answerThreshold()).isEqualTo(0.8);
  }

  @Test
  void calibrationIsTheShippedOneOrAFileThatLoads(@TempDir Path dir) throws IOException {
    assertThat(new TicketflowConfig(minimal()).calibration().version())
        .isEqualTo(Calibration.loadDefault().version());

    Path own = dir.resolve("own.json");
    Calibration shipped = Calibration.loadDefault();
    new Calibration("acme-2026-11", "acme FAQ", shipped.rankerFeatures(), shipped.ranker(),
        shipped.acceptorFeatures(), shipped.acceptor(), 0.05, shipped.thresholds()).write(own);
    Map<String, Object> m = minimal();
    m.put(TicketflowConfig.MATCH_CALIBRATION, own.toString());
    assertThat(new TicketflowConfig(m).calibration().version()).isEqualTo("acme-2026-11");
  }

  @Test
  void aCalibrationThatDoesNotLoadStopsTheStart(@TempDir Path dir) throws IOException {
    Map<String, Object> m = minimal();
    m.put(TicketflowConfig.MATCH_CALIBRATION, dir.resolve("missing.json").toString());
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("match.calibration").hasMessageContaining("not a readable file");

    m.put(TicketflowConfig.MATCH_CALIBRATION, Files.writeString(dir.resolve("broken.json"), "{\"version\": ").toString());
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("match.calibration").hasMessageContaining("not a calibration written by 'ticketflow calibrate'");

    String stale = Files.readString(Path.of("src/main/resources" + Calibration.DEFAULT_RESOURCE))
        .replace("\"rankLead\"", "\"someOldFeature\"");
    m.put(TicketflowConfig.MATCH_CALIBRATION, Files.writeString(dir.resolve("stale.json"), stale).toString());
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("fitted on other features than this build computes");
  }

  @Test
  void theEmbeddingCacheIsInTheStateDirectoryUnlessSetOrOff() {
    Map<String, Object> m = minimal();
    m.put("kafka.state.dir", "/var/lib/ticketflow");
    assertThat(new TicketflowConfig(m).embeddingCacheDir()).isEqualTo(Path.of("/var/lib/ticketflow/ticketflow-embeddings"));
    m.put(TicketflowConfig.MATCH_EMBEDDING_CACHE, "/cache/vectors");
    assertThat(new TicketflowConfig(m).embeddingCacheDir()).isEqualTo(Path.of("/cache/vectors"));
    m.put(TicketflowConfig.MATCH_EMBEDDING_CACHE, "off");
    assertThat(new TicketflowConfig(m).embeddingCacheDir()).isNull();
    assertThat(new TicketflowConfig(minimal()).embeddingCacheDir())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams", "ticketflow-embeddings"));
  }

  @Test
  void matcherWarmUpDefaultsToThirtySecondsAndZeroTurnsItOff() {
    assertThat(new TicketflowConfig(minimal()).matchWarmUp()).isEqualTo(Duration.ofSeconds(30));
    Map<String, Object> m = minimal();
    m.put(TicketflowConfig.MATCH_WARM_UP, "0");
    assertThat(new TicketflowConfig(m).matchWarmUp()).isZero();
    m.put(TicketflowConfig.MATCH_WARM_UP, "5s");
    assertThat(new TicketflowConfig(m).matchWarmUp()).isEqualTo(Duration.ofSeconds(5));
    m.put(TicketflowConfig.MATCH_WARM_UP, "PT-5S");
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("match.warm-up").hasMessageContaining("must not be negative");
    m.put(TicketflowConfig.DEDUPE_RETENTION, "0");
    m.put(TicketflowConfig.MATCH_WARM_UP, "0");
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("dedupe.retention").hasMessageContaining("must be positive");
  }

  @Test
  void unknownKeyIsAnError() {
    Map<String, Object> m = minimal();
    m.put("topic.prefx", "x.");
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("topic.prefx").hasMessageContaining("unknown");
  }

  @Test
  void anUnknownKeyIsNamedWithoutItsValueWhichMayBeASecret() {
    Map<String, Object> m = minimal();
    m.put("schema.registry.basic.auth.userinfo", "me:s3cret");
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown configuration key schema.registry.basic.auth.userinfo")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void kafkaKeysPassThroughWithoutPrefix() {
    Map<String, Object> m = minimal();
    m.put("kafka.num.stream.threads", "2");
    assertThat(new TicketflowConfig(m).kafkaOverrides()).containsEntry("num.stream.threads", "2");
  }

  @Test
  void otherClientsGetTheKafkaSettingsTheyKnowSuchAsSecurity() {
    Map<String, Object> m = minimal();
    m.put("kafka.num.stream.threads", "2");
    m.put("kafka.security.protocol", "SASL_SSL");
    m.put("kafka.sasl.mechanism", "SCRAM-SHA-512");
    m.put("kafka.batch.size", "65536");
    TicketflowConfig config = new TicketflowConfig(m);

    assertThat(config.clientSettings(org.apache.kafka.clients.producer.ProducerConfig.configNames()))
        .containsOnly(Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
            Map.entry("batch.size", "65536"));
    assertThat(config.clientSettings(org.apache.kafka.clients.admin.AdminClientConfig.configNames()))
        .containsOnly(Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
  }

  /**
   * kafka.group.protocol=streams (Kafka Streams' rebalance protocol) is a Streams setting: the
   * processor's own consumers (the console's outcome feed, the LLM spend reader, the sinks' probe,
   * ask) have no group, and a plain consumer refuses "streams", which stopped run once the
   * processor had started.
   */
  @Test
  void streamsGroupProtocolDoesNotReachThePlainConsumers() {
    Map<String, Object> m = minimal();
    m.put("kafka.group.protocol", "streams");
    m.put("kafka.security.protocol", "PLAINTEXT");
    TicketflowConfig config = new TicketflowConfig(m);
    assertThat(config.kafkaOverrides()).containsEntry("group.protocol", "streams");

    Map<String, Object> consumer = config.clientSettings(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
    assertThat(consumer).containsOnly(Map.entry("security.protocol", "PLAINTEXT"));
    consumer.put("bootstrap.servers", "127.0.0.1:1");
    new org.apache.kafka.clients.consumer.KafkaConsumer<>(consumer,
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer())
        .close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ZERO));
  }

  @Test
  void registryCredentialsInTheUrlAreRefusedWithoutBeingShown() {
    Map<String, Object> m = minimal();
    m.put("schema.registry.url", "https://alice:s3cret@registry.example:8081");
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("https://***@registry.example:8081")
        // the processor's own key: a bare basic.auth.user.info is an unknown key here
        .hasMessageContaining("set them as " + TicketflowConfig.SCHEMA_REGISTRY_USER_INFO)
        .hasMessageNotContaining("s3cret");
  }

  /** Shown on /health/ready and in the settings log, and never sent as authentication. */
  @ParameterizedTest
  @CsvSource({"ops.connect-url,http://admin:s3cret@connect:8083,http://***@connect:8083",
      "llm.base-url,https://proxy-user:s3cret@llm.example/v1,https://***@llm.example/v1"})
  void credentialsInAnotherServicesUrlAreRefusedWithoutBeingShown(String key, String url, String shown) {
    Map<String, Object> m = minimal();
    m.put(key, url);
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(key).hasMessageContaining(shown).hasMessageNotContaining("s3cret");
  }

  /** A password holding '/', '?', '#' or '@' unencoded: the URL does not parse as credentials, and was shown whole. */
  @ParameterizedTest
  @CsvSource({"ops.connect-url,http://admin:s3/cret@connect:8083", "llm.base-url,https://u:s3#cret@llm.example/v1",
      "schema.registry.url,http://u:s3?cret@registry:8081", "llm.base-url,https://u:s3@cret@llm.example/v1"})
  void aUrlWithAnUnencodedPasswordIsRefusedWithoutShowingIt(String key, String url) {
    Map<String, Object> m = minimal();
    m.put(key, url);
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(key).hasMessageNotContaining("cret");
  }

  @ParameterizedTest
  @CsvSource({"ops.connect-url,connect:8083", "llm.base-url,127.0.0.1:8000/v1", "llm.base-url,htp://llm.example/v1"})
  void anotherServicesUrlMustBeAnHttpUrl(String key, String url) {
    Map<String, Object> m = minimal();
    m.put(key, url);
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }

  /** Streams would read them only after the broker and registry checks and the topics' creation. */
  @ParameterizedTest
  @CsvSource({"kafka.num.stream.threads,two", "kafka.producer.batch.size,big",
      "kafka.main.consumer.max.poll.records,0", "kafka.security.protocol,SASL_TLS"})
  void kafkaSettingsKafkaDefinesAreCheckedWithTheConfiguration(String key, String value) {
    Map<String, Object> m = minimal();
    m.put(key, value);
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(key + ": Invalid value " + value);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"registry:8081", "localhost", "http://a:8081,b:8081", "ftp://registry:8081"})
  void aRegistryUrlThatIsNoHttpUrlIsAConfigurationError(String url) {
    Map<String, Object> m = minimal();
    m.put(TicketflowConfig.SCHEMA_REGISTRY_URL, url);
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url").hasMessageContaining("not an http(s) URL");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"http://a:8081,https://b:8081", "mock://tests", "http://registry:8081/"})
  void registryUrlsAsTheSerdeTakesThem(String url) {
    Map<String, Object> m = minimal();
    m.put(TicketflowConfig.SCHEMA_REGISTRY_URL, url);
    assertThat(new TicketflowConfig(m).schemaRegistryUrl()).isEqualTo(url);
  }

  @Test
  void ownedKeysCannotBeSetUnderKafka() {
    Map<String, Object> m = minimal();
    m.put("kafka.application.id", "x");
    assertThatThrownBy(() -> new TicketflowConfig(m)).hasMessageContaining("application.id");
  }

  @ParameterizedTest
  @CsvSource({"match.answer-threshold,1.5", "match.answer-threshold,NaN", "topic.partitions,0", "dedupe.retention,forever",
      "dedupe.retention,0s", "processing.guarantee,exactly_once", "validate.max-text-length,-1",
      "topic.prefix,help desk.", "topic.prefix,helpdesk/"})
  void invalidValuesAreRejectedNamingTheKey(String key, String value) {
    Map<String, Object> m = minimal();
    m.put(key, value);
    assertThatThrownBy(() -> new TicketflowConfig(m)).isInstanceOf(ConfigException.class).hasMessageContaining(key);
  }

  @Test
  void missingRequiredKeyIsNamed() {
    Map<String, Object> m = minimal();
    m.remove(TicketflowConfig.BOOTSTRAP_SERVERS);
    assertThatThrownBy(() -> new TicketflowConfig(m)).hasMessageContaining("bootstrap.servers");
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    assertThat(DurationValidator.parse("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(DurationValidator.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationValidator.parse("PT30M")).isEqualTo(Duration.ofMinutes(30));
  }

  /** A duration too long to be counted in milliseconds used to pass here and stop the topology at start. */
  @Test
  void aDurationBeyondACenturyIsRefusedWithItsKey() {
    for (String huge : new String[] {"200000000000d", "99999999999999999999d", "PT9999999999999H", "36501d"}) {
      Map<String, Object> m = minimal();
      m.put(TicketflowConfig.DEDUPE_RETENTION, huge);
      assertThatThrownBy(() -> new TicketflowConfig(m)).as(huge)
          .hasMessageContaining(TicketflowConfig.DEDUPE_RETENTION).hasMessageContaining("at most 36500d");
    }
    Map<String, Object> m = minimal();
    m.put(TicketflowConfig.DEDUPE_RETENTION, "36500d");
    assertThat(new TicketflowConfig(m).dedupeRetention()).isEqualTo(Duration.ofDays(36_500));
  }

  @Test
  void fileIsOverriddenByEnvironment(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "bootstrap.servers=a:1\nschema.registry.url=http://r:1\ntopic.prefix=file.\n"
        + "match.answer-threshold=0.5\n");
    TicketflowConfig c = ConfigLoader.load(file, Map.of(
        "TICKETFLOW_TOPIC_PREFIX", "env.",
        "TICKETFLOW_VALIDATE_TENANTS", "acme,globex",
        "TICKETFLOW_KAFKA_NUM_STREAM_THREADS", "3",
        "TICKETFLOW_JAVA_OPTS", "-Xmx1g",
        "PATH", "/bin"));
    assertThat(c.topicPrefix()).isEqualTo("env.");
    assertThat(c.answerThreshold()).isEqualTo(0.5);
    assertThat(c.allowedTenants()).isEqualTo(Set.of("acme", "globex"));
    assertThat(c.kafkaOverrides()).containsEntry("num.stream.threads", "3");
  }

  /** demo, report and the Connect worker read TICKETFLOW_JDBC_PASSWORD, as the README says to set it. */
  @Test
  void onlyVariablesNoCommandReadsAreWarnedAbout() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      ConfigLoader.fromEnvironment(Map.of("TICKETFLOW_JDBC_PASSWORD", "pw", "TICKETFLOW_JAVA_OPTS", "-Xmx1g",
          "TICKETFLOW_TOPIC_PREFX", "x."));
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("environment variable TICKETFLOW_TOPIC_PREFX names no configuration key; ignored");
  }

  @Test
  void envNameReplacesDotsAndDashes() {
    assertThat(ConfigLoader.envName("match.answer-threshold")).isEqualTo("TICKETFLOW_MATCH_ANSWER_THRESHOLD");
  }

  @Test
  void missingFileIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.properties"), Map.of()))
        .hasMessageContaining("nope.properties");
  }

  @Test
  void secretsAreMaskedAndPassedToTheSerde() {
    Map<String, Object> m = minimal();
    m.put(TicketflowConfig.SCHEMA_REGISTRY_USER_INFO, "me:s3cret");
    m.put("kafka.sasl.jaas.config", "secret-jaas");
    TicketflowConfig c = new TicketflowConfig(m);
    assertThat(c.getPassword(TicketflowConfig.SCHEMA_REGISTRY_USER_INFO).toString()).isEqualTo(Password.HIDDEN);
    assertThat(c.serdeConfig().get("basic.auth.user.info")).isInstanceOf(Password.class);
    assertThat(TicketflowConfig.isSecretName("sasl.jaas.config")).isTrue();
    assertThat(TicketflowConfig.isSecretName("ssl.truststore.password")).isTrue();
    assertThat(TicketflowConfig.isSecretName("num.stream.threads")).isFalse();
    // Kafka's password-typed keys whose names tell nothing: a PEM private key was logged in full
    assertThat(TicketflowConfig.isSecretName("ssl.keystore.key")).isTrue();
    assertThat(TicketflowConfig.isSecretName("producer.ssl.keystore.key")).isTrue();
    assertThat(TicketflowConfig.isSecretName("sasl.oauthbearer.assertion.private.key.passphrase")).isTrue();
    assertThat(TicketflowConfig.isSecretName("ssl.keystore.type")).isFalse();
  }

  /** Kafka types these as passwords, though their names say nothing of it. */
  @Test
  void theSettingsLogMasksWhatKafkaTreatsAsASecretUnderAnyClientPrefix() {
    Map<String, Object> m = minimal();
    m.put("kafka.ssl.keystore.key", "-----BEGIN PRIVATE KEY----- MIIEvQ");
    m.put("kafka.producer.ssl.keystore.key", "producer-private-key");
    m.put("kafka.sasl.oauthbearer.assertion.private.key.passphrase", "passphrase-1");
    m.put("kafka.num.stream.threads", "2");
    ch.qos.logback.classic.Logger log =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(TicketflowConfig.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    log.addAppender(logs);
    ch.qos.logback.classic.Level level = log.getLevel();
    log.setLevel(ch.qos.logback.classic.Level.INFO);
    try {
      new TicketflowConfig(m).logSettings();
    } finally {
      log.detachAppender(logs);
      log.setLevel(level);
    }

    assertThat(logs.list).singleElement().extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .asString()
        .contains("kafka.ssl.keystore.key = " + Password.HIDDEN, "kafka.producer.ssl.keystore.key = " + Password.HIDDEN,
            "kafka.sasl.oauthbearer.assertion.private.key.passphrase = " + Password.HIDDEN, "kafka.num.stream.threads = 2")
        .doesNotContain("PRIVATE KEY", "producer-private-key", "passphrase-1");
  }

  /** java.util.Properties files are ISO-8859-1 by tradition: an editor may well save one so. */
  @Test
  void aFileThatIsNotUtf8IsAConfigurationErrorNamingIt(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("prod.properties"),
        "# caf\u00e9 cluster\nbootstrap.servers=x:1\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("configuration file " + file + " is not UTF-8 text");
  }
}
