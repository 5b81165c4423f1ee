package io.ticketflow.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.ticketflow.schema.Feedback;
import io.ticketflow.schema.registry.MockSchemaRegistry;
import io.ticketflow.schema.serde.AvroDeserializer;
import io.ticketflow.schema.serde.AvroSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvroConverterTest {
  /**
   * {@link SampleRecords#feedback()} in the wire format under schema id 1, written once and
   * pinned: a change of byte layout (or of the Feedback schema) must be a deliberate decision.
   */
  static final String FEEDBACK_GOLDEN_HEX = "00" + "00000001" // magic byte, schema id 1
      + "08" + "66622d31" + "0a" + "696e712d31" + "0c" + "636f6e762d31" // fb-1, inq-1, conv-1
      + "02" + "0861636d65" // tenantId: union branch 1, "acme"
      + "0200" + "0204" + "00" // helpful=false, rating=2, comment=null
      + "e2c9e9f39667"; // createdAt 2026-03-04T05:06:07.089Z as zig-zag varint millis

  String scope;
  Map<String, Object> config;
  AvroConverter converter;

  @BeforeEach
  void setUp() {
    scope = "converter-" + UUID.randomUUID();
    config = Map.of("schema.registry.url", "mock://" + scope);
    converter = new AvroConverter();
    converter.configure(config, false);
  }

  @AfterEach
  void tearDown() {
    converter.close();
    MockSchemaRegistry.dropScope(scope);
  }

  private byte[] serialize(String topic, GenericContainer record) {
    AvroSerializer<GenericContainer> serializer = new AvroSerializer<>();
    serializer.configure(config, false);
    return serializer.serialize(topic, record);
  }

  @Test
  void goldenBytesDecodeToTheExpectedStruct() {
    byte[] golden = HexFormat.of().parseHex(FEEDBACK_GOLDEN_HEX);
    assertThat(serialize("fb", SampleRecords.feedback())).containsExactly(golden);

    SchemaAndValue converted = converter.toConnectData("fb", golden);

    Struct struct = (Struct) converted.value();
    assertThat(converted.schema().name()).isEqualTo("io.ticketflow.schema.Feedback");
    assertThat(struct.getString("feedbackId")).isEqualTo("fb-1");
    assertThat(struct.getBoolean("helpful")).isFalse();
    assertThat(struct.getInt32("rating")).isEqualTo(2);
    assertThat(struct.get("comment")).isNull();
    assertThat(struct.get("createdAt")).isEqualTo(java.util.Date.from(SampleRecords.AT));
    assertThat(converter.fromConnectData("fb", converted.schema(), struct)).containsExactly(golden);
  }

  @Test
  void everySchemaRoundTripsByteForByte() {
    AvroDeserializer<Object> reader = new AvroDeserializer<>();
    reader.configure(Map.of("schema.registry.url", "mock://" + scope, "specific.avro.reader", true), false);
    for (SpecificRecord record : SampleRecords.everySchema()) {
      String topic = "t-" + record.getSchema().getName();
      byte[] bytes = serialize(topic, record);

      SchemaAndValue connect = converter.toConnectData(topic, bytes);
      byte[] back = converter.fromConnectData(topic, connect.schema(), connect.value());

      assertThat(reader.deserialize(topic, back)).as(record.getSchema().getName()).isEqualTo(record);
      if (!record.getSchema().toString().contains("\"map\"")) {
        // Map entries may come back in another order (Avro reads maps into a HashMap): equal
        // records, not necessarily equal bytes. Everything else is byte-identical.
        assertThat(back).as(record.getSchema().getName()).containsExactly(bytes);
      }
    }
  }

  @Test
  void enumsBecomeStringsOptionalUnionsOptionalFieldsTimestampsConnectTimestamps() {
    SchemaAndValue connect = converter.toConnectData("r", serialize("r", SampleRecords.reply()));
    Schema schema = connect.schema();
    Struct reply = (Struct) connect.value();

    assertThat(schema.field("source").schema().type()).isEqualTo(Schema.Type.STRING);
    assertThat(reply.getString("source")).isEqualTo("LLM");
    assertThat(reply.getString("channel")).isEqualTo("EMAIL");
    assertThat(schema.field("customerId").schema().isOptional()).isTrue();
    assertThat(schema.field("customerId").schema().type()).isEqualTo(Schema.Type.STRING);
    assertThat(reply.get("customerId")).isNull();
    assertThat(schema.field("inquiryId").schema().isOptional()).isFalse();
    assertThat(schema.field("createdAt").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
    assertThat(reply.get("createdAt")).isEqualTo(java.util.Date.from(SampleRecords.AT));
    assertThat(schema.field("citedFaqIds").schema().type()).isEqualTo(Schema.Type.ARRAY);
    assertThat(reply.getArray("citedFaqIds")).containsExactly("faq-9", "faq-3");
    assertThat(reply.getFloat64("confidence")).isEqualTo(0.875);
  }

  @Test
  void decimalsMapsArraysAndDatesMapToConnectTypes() {
    org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse("""
        {"type": "record", "name": "Invoice", "namespace": "test", "fields": [
          {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
          {"name": "tax", "type": ["null", {"type": "fixed", "name": "Tax", "size": 8,
              "logicalType": "decimal", "precision": 12, "scale": 3}], "default": null},
          {"name": "counts", "type": {"type": "map", "values": "long"}},
          {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line",
              "fields": [{"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}]}}},
          {"name": "due", "type": {"type": "int", "logicalType": "date"}},
          {"name": "ratio", "type": "float"}
        ]}""");
    org.apache.avro.generic.GenericData.Record line = new org.apache.avro.generic.GenericData.Record(
        avro.getField("lines").schema().getElementType());
    line.put("sku", "A-1");
    line.put("qty", 3);
    org.apache.avro.generic.GenericData.Record invoice = new org.apache.avro.generic.GenericData.Record(avro);
    invoice.put("amount", java.nio.ByteBuffer.wrap(new BigDecimal("1234.56").unscaledValue().toByteArray()));
    org.apache.avro.Schema taxSchema = avro.getField("tax").schema().getTypes().get(1);
    invoice.put("tax", new org.apache.avro.Conversions.DecimalConversion().toFixed(
        new BigDecimal("-7.125"), taxSchema, taxSchema.getLogicalType()));
    invoice.put("counts", Map.of("a", 1L)); // one entry: map order is not preserved
    invoice.put("lines", List.of(line));
    invoice.put("due", 20_000);
    invoice.put("ratio", 0.5f);
    byte[] bytes = serialize("inv", invoice);

    SchemaAndValue connect = converter.toConnectData("inv", bytes);
    Struct struct = (Struct) connect.value();

    assertThat(connect.schema().field("amount").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
    assertThat(struct.get("amount")).isEqualTo(new BigDecimal("1234.56"));
    assertThat(struct.get("tax")).isEqualTo(new BigDecimal("-7.125"));
    assertThat(struct.getMap("counts")).containsExactlyEntriesOf(Map.of("a", 1L));
    assertThat(((Struct) struct.getArray("lines").get(0)).getInt32("qty")).isEqualTo(3);
    assertThat(struct.get("due")).isEqualTo(new java.util.Date(20_000L * 86_400_000L));
    assertThat(struct.getFloat32("ratio")).isEqualTo(0.5f);
    assertThat(converter.fromConnectData("inv", connect.schema(), struct)).containsExactly(bytes);
  }

  @Test
  void structsBuiltInConnectAreWrittenWithADerivedSchemaAndReadBack() {
    Schema schema = SchemaBuilder.struct().name("test.Built")
        .field("id", Schema.STRING_SCHEMA)
        .field("note", Schema.OPTIONAL_STRING_SCHEMA)
        .field("price", Decimal.schema(2))
        .field("at", Timestamp.SCHEMA)
        .field("small", Schema.INT16_SCHEMA)
        .build();
    Struct value = new Struct(schema).put("id", "x").put("price", new BigDecimal("9.99"))
        .put("at", new java.util.Date(1_000L)).put("small", (short) 7);

    byte[] bytes = converter.fromConnectData("built", schema, value);
    AvroConverter other = new AvroConverter();
    other.configure(config, false);
    Struct back = (Struct) other.toConnectData("built", bytes).value();

    assertThat(back.getString("id")).isEqualTo("x");
    assertThat(back.get("note")).isNull();
    assertThat(back.get("price")).isEqualTo(new BigDecimal("9.99"));
    assertThat(back.get("at")).isEqualTo(new java.util.Date(1_000L));
    assertThat(back.getInt32("small")).isEqualTo(7);
    other.close();
  }

  @Test
  void badMagicByteIsAClearDataException() {
    assertThatThrownBy(() -> converter.toConnectData("t", new byte[] {0x07, 0, 0, 0, 1, 2}))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("topic t")
        .hasMessageContaining("UNKNOWN_MAGIC_BYTE")
        .hasMessageContaining("0x07");
  }

  /** A good record met by a registry outage must be retried, not dead-lettered (no DataException). */
  @Test
  void anUnreachableRegistryIsRetriable() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    assertThatThrownBy(() -> converterFor("http://127.0.0.1:" + port).toConnectData("t", new byte[] {0, 0, 0, 0, 7, 2}))
        .isInstanceOf(RetriableException.class)
        .isNotInstanceOf(DataException.class)
        .hasMessageContaining("topic t");
  }

  /**
   * A registry that answers with an error that is not about the record's schema id — a store error,
   * credentials that no longer work, rate limiting, a proxy without the registry behind it — must
   * not send good records to the dead-letter topic.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "500, '{\"error_code\":50001,\"message\":\"store error\"}'",
      "401, '{\"error_code\":401,\"message\":\"Unauthorized\"}'",
      "403, '{\"error_code\":40301,\"message\":\"User is denied operation\"}'",
      "429, 'Too Many Requests'",
      "404, '<html>Not Found</html>'"})
  void aRegistryThatCannotBeUsedIsRetriable(int status, String body) throws IOException {
    assertThatThrownBy(() -> convertAgainst(status, body)).isInstanceOf(RetriableException.class);
  }

  @Test
  void registryCredentialsInTheUrlAreRefusedWithoutBeingShown() {
    assertThatThrownBy(() -> converterFor("http://sink:s3cret@127.0.0.1:8081"))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("http://***@127.0.0.1:8081")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aSchemaIdTheRegistryDoesNotKnowIsTheRecordsFault() {
    assertThatThrownBy(() -> convertAgainst(404, "{\"error_code\":40403,\"message\":\"Schema 7 not found\"}"))
        .isInstanceOf(DataException.class)
        .isNotInstanceOf(RetriableException.class);
  }

  private static SchemaAndValue convertAgainst(int status, String body) throws IOException {
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/", exchange -> {
      byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    registry.start();
    try {
      return converterFor("http://127.0.0.1:" + registry.getAddress().getPort())
          .toConnectData("t", new byte[] {0, 0, 0, 0, 7, 2});
    } finally {
      registry.stop(0);
    }
  }

  private static AvroConverter converterFor(String registryUrl) {
    AvroConverter c = new AvroConverter();
    c.configure(Map.of("schema.registry.url", registryUrl), false);
    return c;
  }

  @Test
  void unknownSchemaIdIsAClearDataException() {
    assertThatThrownBy(() -> converter.toConnectData("t", new byte[] {0, 0, 0, 0x30, 0x39, 2}))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("UNKNOWN_SCHEMA_ID")
        .hasMessageContaining("12345");
  }

  @Test
  void truncatedAndUndecodableBytesAreDataExceptions() {
    byte[] good = serialize("fb", SampleRecords.feedback());
    assertThatThrownBy(() -> converter.toConnectData("fb", new byte[] {0, 0}))
        .isInstanceOf(DataException.class).hasMessageContaining("TRUNCATED");
    assertThatThrownBy(() -> converter.toConnectData("fb", java.util.Arrays.copyOf(good, good.length - 3)))
        .isInstanceOf(DataException.class).hasMessageContaining("fb");
  }

  @Test
  void nullIsATombstoneBothWays() {
    assertThat(converter.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
    assertThat(converter.fromConnectData("t", null, null)).isNull();
  }

  @Test
  void writingWithoutASchemaOrANonStructIsRefused() {
    assertThatThrownBy(() -> converter.fromConnectData("t", null, "text"))
        .isInstanceOf(DataException.class).hasMessageContaining("no schema");
    assertThatThrownBy(() -> converter.fromConnectData("t", Schema.STRING_SCHEMA, "text"))
        .isInstanceOf(DataException.class).hasMessageContaining("struct");
  }

  @Test
  void configUsesConfluentsNames() {
    assertThat(converter.config().names()).contains("schema.registry.url", "basic.auth.user.info",
        "auto.register.schemas");
    assertThat(Feedback.getClassSchema().getFullName()).isEqualTo("io.ticketflow.schema.Feedback");
  }
}
