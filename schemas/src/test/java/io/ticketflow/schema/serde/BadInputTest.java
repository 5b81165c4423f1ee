package io.ticketflow.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ticketflow.schema.Fixtures;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.registry.InMemorySchemaRegistry;
import io.ticketflow.schema.serde.AvroSerdeException.Reason;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Every way bytes can be wrong ends in a typed AvroSerdeException, never a crash or garbage. */
class BadInputTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://bad-input");
  private final AvroSerializer<Inquiry> serializer = new AvroSerializer<>(registry, config, false);
  private final AvroDeserializer<Inquiry> deserializer = new AvroDeserializer<>(registry, config, Inquiry.class);
  private final byte[] valid = serializer.serialize("inquiries", Fixtures.inquiry());

  @Test
  void roundTripOfAValidRecord() {
    assertThat(deserializer.deserialize("inquiries", valid)).isEqualTo(Fixtures.inquiry());
  }

  @Test
  void nullBytesAreATombstoneNotAnError() {
    assertThat(deserializer.deserialize("inquiries", null)).isNull();
    assertThat(serializer.serialize("inquiries", null)).isNull();
  }

  @Test
  void wrongMagicByte() {
    byte[] bytes = valid.clone();
    bytes[0] = 0x01;
    assertThat(reasonFor(bytes)).isEqualTo(Reason.UNKNOWN_MAGIC_BYTE);
    assertThat(reasonFor("{\"text\":\"hi\"}".getBytes())).isEqualTo(Reason.UNKNOWN_MAGIC_BYTE);
  }

  @Test
  void shorterThanTheHeader() {
    assertThat(reasonFor(new byte[0])).isEqualTo(Reason.TRUNCATED);
    assertThat(reasonFor(new byte[] {0, 0, 0})).isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void aSchemaIdOfAnotherFormatIsThisRecordsFaultNotAnOutage() throws Exception {
    // A registry that answers, with a Protobuf schema (as Confluent's does for a Protobuf subject).
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/schemas/ids/7", exchange -> {
      byte[] body = "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\"; message X {}\"}"
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      Map<String, Object> rest = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
          "http://127.0.0.1:" + server.getAddress().getPort());
      AvroDeserializer<Inquiry> reader = new AvroDeserializer<>(new AvroSerdeConfig(rest).createClient(), rest,
          Inquiry.class);
      AvroSerdeException e = catchThrowableOfType(AvroSerdeException.class,
          () -> reader.deserialize("inquiries", new byte[] {0, 0, 0, 0, 7, 2, 4}));
      assertThat(e.reason()).as("dead-lettered, not retried as a registry outage").isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
      assertThat(e).hasMessageContaining("schema id 7");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void unknownSchemaId() {
    byte[] bytes = valid.clone();
    bytes[1] = 0x7f;
    AvroSerdeException e = catchThrowableOfType(AvroSerdeException.class,
        () -> deserializer.deserialize("inquiries", bytes));
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
    assertThat(e).hasMessageContaining(String.valueOf(0x7f000000 | (valid[4] & 0xff)));
  }

  @Test
  void truncatedAvroBody() {
    for (int length = WireFormat.HEADER_SIZE; length < valid.length - 1; length++) {
      byte[] cut = Arrays.copyOf(valid, length);
      assertThat(reasonFor(cut)).as("cut at %d of %d bytes", length, valid.length)
          .isIn(Reason.TRUNCATED, Reason.SCHEMA_MISMATCH);
    }
    assertThat(reasonFor(Arrays.copyOf(valid, WireFormat.HEADER_SIZE + 1))).isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void bytesLeftOverAfterTheRecord() {
    byte[] longer = Arrays.copyOf(valid, valid.length + 3);
    assertThat(reasonFor(longer)).isEqualTo(Reason.SCHEMA_MISMATCH);
  }

  @Test
  void bytesThatDoNotMatchTheSchema() {
    byte[] bytes = valid.clone();
    // the channel enum's index: 0x7e is zig-zag 63, far past the 6 symbols
    bytes[WireFormat.HEADER_SIZE + 3 + 3 + 2] = 0x7e;
    assertThat(reasonFor(bytes)).isEqualTo(Reason.SCHEMA_MISMATCH);
  }

  @Test
  void aSchemaOfAnotherTypeCannotBeReadAsInquiry() {
    byte[] replyBytes = new AvroSerializer<Reply>(registry, config, false).serialize("replies", Fixtures.reply());
    AvroSerdeException e = catchThrowableOfType(AvroSerdeException.class,
        () -> deserializer.deserialize("replies", replyBytes));
    assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE_SCHEMA);
    assertThat(e.getMessage()).contains("cannot be read as io.ticketflow.schema.Inquiry");
  }

  @Test
  void nullInANonNullFieldIsRefusedOnWrite() {
    Inquiry broken = Fixtures.inquiry();
    broken.setText(null);
    AvroSerdeException e = catchThrowableOfType(AvroSerdeException.class,
        () -> serializer.serialize("inquiries", broken));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_RECORD);
    assertThat(e).hasMessageContaining("text");
  }

  @Test
  void randomBytesAfterAValidHeaderNeverEscapeAsAnotherException() {
    Random random = new Random(7);
    int decoded = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = new byte[WireFormat.HEADER_SIZE + random.nextInt(200)];
      random.nextBytes(bytes);
      System.arraycopy(valid, 0, bytes, 0, WireFormat.HEADER_SIZE);
      try {
        assertThat(deserializer.deserialize("inquiries", bytes)).isInstanceOf(Inquiry.class);
        decoded++;
      } catch (AvroSerdeException expected) {
        assertThat(expected.reason()).isIn(Reason.TRUNCATED, Reason.SCHEMA_MISMATCH);
      }
    }
    assertThat(decoded).as("random bytes rarely form a whole record").isLessThan(100);
  }

  @Test
  void errorsAreKafkaSerializationExceptions() {
    assertThatThrownBy(() -> deserializer.deserialize("inquiries", new byte[] {9}))
        .isInstanceOf(SerializationException.class);
  }

  private Reason reasonFor(byte[] bytes) {
    return catchThrowableOfType(AvroSerdeException.class, () -> deserializer.deserialize("inquiries", bytes))
        .reason();
  }
}
