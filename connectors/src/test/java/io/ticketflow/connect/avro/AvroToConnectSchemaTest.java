package io.ticketflow.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.schema.AuditRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class AvroToConnectSchemaTest {

  @Test
  void auditRecordMapsFieldByField() {
    Schema schema = AvroToConnectSchema.toConnect(AuditRecord.getClassSchema());

    assertThat(schema.type()).isEqualTo(Schema.Type.STRUCT);
    assertThat(schema.fields()).hasSize(AuditRecord.getClassSchema().getFields().size());
    assertThat(schema.field("channel").schema().isOptional()).isTrue(); // ["null", Channel]
    assertThat(schema.field("channel").schema().parameters())
        .containsEntry(AvroToConnectSchema.ENUM_PARAMETER, "io.ticketflow.schema.Channel");
    assertThat(schema.field("route").schema().isOptional()).isFalse();
    assertThat(schema.field("receivedAt").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
    assertThat(schema.field("receivedAt").schema().isOptional()).isTrue();
    assertThat(schema.field("promptTokens").schema().type()).isEqualTo(Schema.Type.INT32);
    assertThat(schema.field("llmMillis").schema().type()).isEqualTo(Schema.Type.INT64);
    assertThat(schema.field("guardFlags").schema().valueSchema().type()).isEqualTo(Schema.Type.STRING);
  }

  @Test
  void unionsOfTwoTypesAndRecursiveRecordsAreRefusedByName() {
    org.apache.avro.Schema union = new org.apache.avro.Schema.Parser().parse("""
        {"type": "record", "name": "U", "fields": [{"name": "x", "type": ["int", "string"]}]}""");
    org.apache.avro.Schema recursive = new org.apache.avro.Schema.Parser().parse("""
        {"type": "record", "name": "Node", "fields": [{"name": "next", "type": ["null", "Node"]}]}""");

    assertThatThrownBy(() -> AvroToConnectSchema.toConnect(union))
        .isInstanceOf(DataException.class).hasMessageContaining("2 non-null branches");
    assertThatThrownBy(() -> AvroToConnectSchema.toConnect(recursive))
        .isInstanceOf(DataException.class).hasMessageContaining("recursive");
  }

  @Test
  void enumsComeBackAsEnumsThroughTheDerivedSchema() {
    Schema connect = AvroToConnectSchema.toConnect(AuditRecord.getClassSchema());
    org.apache.avro.Schema back = ConnectToAvroSchema.toAvro(connect);

    assertThat(back.getField("route").schema().getType()).isEqualTo(org.apache.avro.Schema.Type.ENUM);
    assertThat(back.getField("route").schema().getEnumSymbols())
        .isEqualTo(AuditRecord.getClassSchema().getField("route").schema().getEnumSymbols());
    assertThat(back.getField("processedAt").schema().getLogicalType().getName()).isEqualTo("timestamp-millis");
  }

  @Test
  void fieldDefaultsBecomeConnectDefaultsSoASinkCanAddRequiredColumns() {
    org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse("""
        {"type": "record", "name": "D", "fields": [
          {"name": "plain", "type": "string"},
          {"name": "tier", "type": "string", "default": "standard"},
          {"name": "level", "type": "int", "default": 3},
          {"name": "big", "type": "long", "default": 7},
          {"name": "ratio", "type": "double", "default": 0.5},
          {"name": "on", "type": "boolean", "default": true},
          {"name": "kind", "type": {"type": "enum", "name": "K", "symbols": ["A", "B"]}, "default": "B"},
          {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}, "default": 86400000},
          {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
          {"name": "maybe", "type": ["null", "string"], "default": null},
          {"name": "usually", "type": ["string", "null"], "default": "x"},
          {"name": "nested", "type": {"type": "record", "name": "N", "fields": [
            {"name": "n", "type": "int", "default": 1}]}, "default": {"n": 2}}
        ]}""");

    Schema connect = AvroToConnectSchema.toConnect(avro);

    assertThat(connect.field("plain").schema().defaultValue()).isNull();
    assertThat(connect.field("tier").schema().defaultValue()).isEqualTo("standard");
    assertThat(connect.field("tier").schema().isOptional()).isFalse();
    assertThat(connect.field("level").schema().defaultValue()).isEqualTo(3);
    assertThat(connect.field("big").schema().defaultValue()).isEqualTo(7L);
    assertThat(connect.field("ratio").schema().defaultValue()).isEqualTo(0.5);
    assertThat(connect.field("on").schema().defaultValue()).isEqualTo(true);
    assertThat(connect.field("kind").schema().defaultValue()).isEqualTo("B");
    assertThat(connect.field("at").schema().defaultValue()).isEqualTo(new java.util.Date(86_400_000L));
    assertThat(connect.field("tags").schema().defaultValue()).as("the JDBC sink resolves no array default").isNull();
    assertThat(connect.field("tags").schema().isOptional()).as("so that a version adding a list can add its column").isTrue();
    assertThat(connect.field("maybe").schema().defaultValue()).isNull();
    assertThat(connect.field("maybe").schema().isOptional()).isTrue();
    assertThat(connect.field("usually").schema().defaultValue()).isEqualTo("x");
    assertThat(connect.field("usually").schema().isOptional()).isTrue();
    assertThat(connect.field("nested").schema().defaultValue()).isNull();
    assertThat(connect.field("nested").schema().field("n").schema().defaultValue()).isEqualTo(1);
  }
}
