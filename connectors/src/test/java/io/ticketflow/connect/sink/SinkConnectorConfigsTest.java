package io.ticketflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.connect.AvroConverter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConnectorConfigsTest {
  static final SinkSettings SETTINGS = SinkSettings.embedded(
      "jdbc:postgresql://db:5432/ticketflow", "ticketflow", SinkSettings.ENV_PASSWORD_REFERENCE, "http://registry:8081");

  @Test
  void everyTableHasAnUpsertConnectorKeyedByItsOwnId() {
    List<SinkConnector> all = SinkConnectorConfigs.all(SETTINGS);

    assertThat(all).extracting(SinkConnector::table).containsExactly(SinkTable.values());
    for (SinkConnector connector : all) {
      Map<String, String> config = connector.config();
      assertThat(config).containsEntry("name", connector.name())
          .containsEntry("connector.class", "io.ticketflow.connect.sink.DeadLetteringJdbcSinkConnector")
          .containsEntry("topics", "helpdesk." + connector.table().topicSuffix())
          .containsEntry("insert.mode", "upsert")
          .containsEntry("primary.key.mode", connector.table() == SinkTable.AUDIT ? "record_key" : "record_value")
          .containsEntry("primary.key.fields", connector.table().primaryKey())
          .containsEntry("collection.name.format", connector.table().tableName())
          .containsEntry("schema.evolution", "basic")
          .containsEntry("key.converter", "org.apache.kafka.connect.storage.StringConverter")
          .containsEntry("value.converter", AvroConverter.class.getName())
          .containsEntry("value.converter.schema.registry.url", "http://registry:8081")
          .containsEntry("errors.tolerance", "all")
          .containsEntry("errors.deadletterqueue.topic.name", "helpdesk.connect-dlq")
          .containsEntry("errors.deadletterqueue.context.headers.enable", "true")
          .containsEntry("batch.size", "500")
          .containsEntry("connection.password", "${env:TICKETFLOW_JDBC_PASSWORD}")
          .containsEntry("connection.url", "jdbc:postgresql://db:5432/ticketflow?logServerErrorDetail=false")
          .containsEntry("transforms.nul.type", ReplaceNulCharacters.class.getName());
      assertThat(config.get("transforms")).as("NULs are replaced before anything else").startsWith("nul");
      assertThat(connector.table().tableName()).doesNotContain(".");
      assertThat(config.values()).noneMatch(v -> v.contains("{{"));
    }
    assertThat(SinkConnectorConfigs.forTable(SinkTable.FEEDBACK, SETTINGS).config())
        .containsEntry("primary.key.fields", "feedbackId");
    assertThat(SinkConnectorConfigs.forTable(SinkTable.DEAD_LETTERS, SETTINGS).config())
        .containsEntry("primary.key.fields", "deadLetterId");
  }

  @Test
  void settingsChangeTopicsNamesAndBatchSize() {
    SinkConnector audit = SinkConnectorConfigs.forTable(SinkTable.AUDIT,
        SETTINGS.withTopicPrefix("t1.").withConnectorPrefix("x-").withBatchSize(1));

    assertThat(audit.name()).isEqualTo("x-sink-audit");
    assertThat(audit.config()).containsEntry("topics", "t1.audit").containsEntry("batch.size", "1")
        .containsEntry("errors.deadletterqueue.topic.name", "t1.connect-dlq");
  }

  @Test
  void postgresUrlsKeepRefusedRowsOutOfErrorsUnlessTheySayOtherwise() {
    assertThat(SinkSettings.withoutErrorDetail("jdbc:postgresql://h/db"))
        .isEqualTo("jdbc:postgresql://h/db?logServerErrorDetail=false");
    assertThat(SinkSettings.withoutErrorDetail("jdbc:postgresql://h/db?sslmode=require"))
        .isEqualTo("jdbc:postgresql://h/db?sslmode=require&logServerErrorDetail=false");
    assertThat(SinkSettings.withoutErrorDetail("jdbc:postgresql://h/db?logServerErrorDetail=true"))
        .isEqualTo("jdbc:postgresql://h/db?logServerErrorDetail=true");
    assertThat(SinkSettings.withoutErrorDetail("jdbc:mysql://h/db")).isEqualTo("jdbc:mysql://h/db");
  }

  @Test
  void aPlaceholderWithoutValueIsAnErrorNotALiteral() {
    assertThatThrownBy(() -> SinkConnectorConfigs.fill("{{NOPE}}", Map.of(), "x.json"))
        .hasMessageContaining("{{NOPE}}").hasMessageContaining("x.json");
    assertThat(SinkConnectorConfigs.fill("a{{B}}c", Map.of("B", "$1\\"), "x")).isEqualTo("a$1\\c");
  }

  @Test
  void aJdbcUrlCarryingAPasswordIsRefusedWithThePasswordMasked() {
    for (String url : List.of("jdbc:postgresql://db/t?user=u&password=s3cret", "jdbc:postgresql://db/t?PASSWORD=s3cret&ssl=true",
        "jdbc:postgresql://db/t?ssl=true&sslpassword=s3cret")) {
      assertThatThrownBy(() -> SinkSettings.embedded(url, "u", "", "http://r"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("carries a password").hasMessageContaining("***")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
    assertThat(SinkSettings.redactedJdbcUrl("jdbc:postgresql://db/t?password=a&user=u;sslpassword=b"))
        .isEqualTo("jdbc:postgresql://db/t?password=***&user=u;sslpassword=***");
    for (String url : List.of("jdbc:postgresql://db/password=x", "jdbc:postgresql://db/t?passwordless=true",
        "jdbc:postgresql://db/t?user=password")) {
      assertThat(SinkSettings.redactedJdbcUrl(url)).as(url).isEqualTo(url);
      assertThat(SinkSettings.embedded(url, "u", "", "http://r").jdbcUrl()).isEqualTo(url);
    }
  }

  @Test
  void thePasswordIsAReferenceNeverAValueAndARefusedOneIsNotRepeated() {
    for (String password : List.of("s3cret", "${env:}", "$s3cret", "{env:X}", "${s3cret}")) {
      assertThatThrownBy(() -> SinkSettings.embedded("jdbc:postgresql://db/t", "u", password, "http://r"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("config provider reference")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));
    }
    for (String reference : List.of("", "${env:TICKETFLOW_JDBC_PASSWORD}", "${dir:/run/secrets:jdbc-password}",
        "${file:/etc/tf/db.properties:password}")) {
      assertThat(SinkConnectorConfigs.forTable(SinkTable.REPLIES,
          SinkSettings.embedded("jdbc:postgresql://db/t", "u", reference, "http://r")).config())
          .containsEntry("connection.password", reference);
    }
  }

  @Test
  void workersResolveOnlyThePassword() {
    assertThat(PasswordProviders.envWorkerProperties())
        .containsEntry("config.providers", "env")
        .containsEntry("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider")
        .containsEntry("config.providers.env.param.allowlist.pattern", "TICKETFLOW_JDBC_PASSWORD");
    java.nio.file.Path dir = java.nio.file.Path.of("/run/tf-secrets");
    assertThat(PasswordProviders.withDir(dir))
        .containsEntry("config.providers", "env,dir")
        .containsEntry("config.providers.dir.param.allowed.paths", "/run/tf-secrets");
    assertThat(PasswordProviders.dirReference(dir)).isEqualTo("${dir:/run/tf-secrets:jdbc-password}");
  }
}
