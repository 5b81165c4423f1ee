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
}
