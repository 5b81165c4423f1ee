package io.ticketflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.connect.AvroConverter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkConnectorConfigsTest {
  static final SinkSettings SETTINGS = SinkSettings.embedded(
      "jdbc:postgresql://db:5432/ticketflow", "ticketflow", "s3cret", "http://registry:8081");

  @Test
  void everyTableHasAnUpsertConnectorKeyedByItsOwnId() {
    List<SinkConnector> all = SinkConnectorConfigs.all(SETTINGS);

    assertThat(all).extracting(SinkConnector::table).containsExactly(SinkTable.values());
    for (SinkConnector connector : all) {
      Map<String, String> config = connector.config();
      assertThat(config).containsEntry("name", connector.name())
          .containsEntry("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector")
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
          .containsEntry("batch.size", "500");
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
  void aPlaceholderWithoutValueIsAnErrorNotALiteral() {
    assertThatThrownBy(() -> SinkConnectorConfigs.fill("{{NOPE}}", Map.of(), "x.json"))
        .hasMessageContaining("{{NOPE}}").hasMessageContaining("x.json");
    assertThat(SinkConnectorConfigs.fill("a{{B}}c", Map.of("B", "$1\\"), "x")).isEqualTo("a$1\\c");
  }

  @Test
  void thePasswordNeverShowsInToString() {
    assertThat(SETTINGS.toString()).doesNotContain("s3cret").contains("****");
  }
}
