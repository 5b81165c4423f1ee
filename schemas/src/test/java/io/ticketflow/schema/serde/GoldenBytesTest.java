package io.ticketflow.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.Fixtures;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.registry.InMemorySchemaRegistry;
import io.ticketflow.schema.registry.RegisteredSchema;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of Confluent's wire format for a fixed record and schema id: magic 0x00, id 42
 * as 4 big-endian bytes, then Avro binary (zig-zag varints, length-prefixed UTF-8, union indexes).
 * Confluent's KafkaAvroSerializer writes these same bytes for this record and id.
 */
class GoldenBytesTest {
  private static final String GOLDEN =
      "00" + "0000002a"      // magic byte, schema id 42
      + "04" + "6931"        // inquiryId "i1"
      + "04" + "6331"        // conversationId "c1"
      + "02" + "74"          // tenantId "t"
      + "02"                 // channel EMAIL (enum index 1)
      + "00"                 // customerId: union branch 0 (null)
      + "02" + "04" + "656e" // language: union branch 1, "en"
      + "04" + "6869"        // text "hi"
      + "d00f"               // receivedAt 1000 ms (zig-zag 2000)
      + "00";                // metadata: empty map

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://golden");

  GoldenBytesTest() {
    registry.restore(new RegisteredSchema("inquiries-value", 1, 42, Inquiry.getClassSchema()));
  }

  @Test
  void fixedRecordSerializesToTheGoldenBytes() {
    var serializer = new AvroSerializer<Inquiry>(registry, config, false);

    byte[] bytes = serializer.serialize("inquiries", Fixtures.inquiry());

    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(GOLDEN);
  }

  @Test
  void goldenBytesDeserializeToTheFixedRecord() {
    var deserializer = new AvroDeserializer<>(registry, config, Inquiry.class);

    Inquiry inquiry = deserializer.deserialize("inquiries", HexFormat.of().parseHex(GOLDEN));

    assertThat(inquiry).isEqualTo(Fixtures.inquiry());
  }

  @Test
  void genericReaderSeesTheSameFields() {
    var deserializer = new AvroDeserializer<org.apache.avro.generic.GenericRecord>();
    deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://golden-generic"), false);
    io.ticketflow.schema.registry.MockSchemaRegistry.forScope("golden-generic")
        .restore(new RegisteredSchema("inquiries-value", 1, 42, Inquiry.getClassSchema()));

    var record = deserializer.deserialize("inquiries", HexFormat.of().parseHex(GOLDEN));

    assertThat(record.get("inquiryId")).hasToString("i1");
    assertThat(record.get("channel")).hasToString("EMAIL");
    assertThat(record.get("receivedAt")).isEqualTo(1000L);
  }
}
