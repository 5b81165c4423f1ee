package io.ticketflow.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.Channel;
import io.ticketflow.schema.Fixtures;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.Route;
import io.ticketflow.schema.registry.InMemorySchemaRegistry;
import io.ticketflow.schema.registry.RegisteredSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The serializer reuses one buffered encoder and output buffer per thread. Whatever came before
 * (a longer record, another schema, a record that failed half-way, a record larger than the
 * encoder's buffer or than the retained buffer), each record's bytes must be exactly those of a
 * fresh encoder: magic byte, the schema id as 4 big-endian bytes, then the Avro body.
 */
class ReusedEncoderTest {
  /** Ids above 255 in each byte, so a wrong byte order or a truncated id shows. */
  private static final int INQUIRY_ID = 0x01020304;
  private static final int REPLY_ID = 0x7f00ff01;
  private static final int AUDIT_ID = 0x00000100;
  private static final int OTHER_TOPIC_ID = 0x00010000;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://reused-encoder");
  private final AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>(registry, config, false);

  ReusedEncoderTest() {
    registry.restore(new RegisteredSchema("inquiries-value", 1, INQUIRY_ID, Inquiry.getClassSchema()));
    registry.restore(new RegisteredSchema("replies-value", 1, REPLY_ID, Reply.getClassSchema()));
    registry.restore(new RegisteredSchema("audit-value", 1, AUDIT_ID, AuditRecord.getClassSchema()));
    registry.restore(new RegisteredSchema("other-inquiries-value", 1, OTHER_TOPIC_ID, Inquiry.getClassSchema()));
  }

  @Test
  void consecutiveRecordsOfDifferentSizesAndSchemasMatchAFreshEncoder() {
    List<SpecificRecord> records = List.of(
        inquiry("a much longer text than the next one, ".repeat(40)),
        inquiry("hi"),
        Fixtures.reply(),
        fullAudit(),
        inquiry(""),
        inquiry("x".repeat(5_000)), // longer than the encoder's 2 KB buffer
        Fixtures.reply(),
        sparseAudit(),
        fullAudit(),
        inquiry("短"));

    for (SpecificRecord record : records) {
      String topic = record instanceof Inquiry ? "inquiries" : record instanceof Reply ? "replies" : "audit";
      int id = record instanceof Inquiry ? INQUIRY_ID : record instanceof Reply ? REPLY_ID : AUDIT_ID;

      byte[] bytes = serializer.serialize(topic, record);

      assertThat(bytes).isEqualTo(freshlyEncoded(id, record));
      assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
      assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
    }
  }

  @Test
  void wireFormatIsMagicByteBigEndianIdThenTheAvroBody() {
    byte[] bytes = serializer.serialize("replies", Fixtures.reply());

    assertThat(Arrays.copyOf(bytes, WireFormat.HEADER_SIZE)).containsExactly(0x00, 0x7f, 0x00, 0xff, 0x01);
    assertThat(Arrays.copyOfRange(bytes, WireFormat.HEADER_SIZE, bytes.length)).isEqualTo(avroBody(Fixtures.reply()));
    var deserializer = new AvroDeserializer<>(registry, config, Reply.class);
    assertThat(deserializer.deserialize("replies", bytes)).isEqualTo(Fixtures.reply());
  }

  @Test
  void theSameSchemaOnAnotherTopicGetsThatTopicsId() {
    Inquiry in = inquiry("one record, two topics");

    assertThat(WireFormat.schemaId(serializer.serialize("inquiries", in))).isEqualTo(INQUIRY_ID);
    assertThat(serializer.serialize("other-inquiries", in)).isEqualTo(freshlyEncoded(OTHER_TOPIC_ID, in));
    assertThat(WireFormat.schemaId(serializer.serialize("inquiries", in))).isEqualTo(INQUIRY_ID);
  }

  @Test
  void nullableUnionsWriteTheSameBranchesAsAvro() {
    // Every union of the audit record set (value branch), then every one left null.
    AuditRecord full = fullAudit();
    AuditRecord sparse = sparseAudit();

    assertThat(serializer.serialize("audit", full)).isEqualTo(freshlyEncoded(AUDIT_ID, full));
    assertThat(serializer.serialize("audit", sparse)).isEqualTo(freshlyEncoded(AUDIT_ID, sparse));
    var deserializer = new AvroDeserializer<>(registry, config, AuditRecord.class);
    assertThat(deserializer.deserialize("audit", serializer.serialize("audit", full))).isEqualTo(full);
    assertThat(deserializer.deserialize("audit", serializer.serialize("audit", sparse))).isEqualTo(sparse);
  }

  @Test
  void aRecordThatFailsHalfWayLeavesNothingBehindForTheNext() {
    serializer.serialize("inquiries", inquiry("warm up the thread's encoder"));
    Inquiry broken = inquiry("the text is written before the metadata fails");
    broken.setMetadata(null); // the last field, required: the writer fails after buffering all the others

    assertThatThrownBy(() -> serializer.serialize("inquiries", broken))
        .isInstanceOfSatisfying(AvroSerdeException.class,
            e -> assertThat(e.reason()).isEqualTo(AvroSerdeException.Reason.INVALID_RECORD));

    Inquiry next = inquiry("next");
    assertThat(serializer.serialize("inquiries", next)).isEqualTo(freshlyEncoded(INQUIRY_ID, next));
  }

  @Test
  void aRecordLargerThanTheRetainedBufferIsWrittenWholeAndTheNextStaysExact() {
    Inquiry large = inquiry("y".repeat(AvroSerializer.MAX_RETAINED_BUFFER + 10_000));
    Inquiry small = inquiry("small");

    assertThat(serializer.serialize("inquiries", large)).isEqualTo(freshlyEncoded(INQUIRY_ID, large));
    assertThat(serializer.serialize("inquiries", small)).isEqualTo(freshlyEncoded(INQUIRY_ID, small));
  }

  @Test
  void threadsSharingTheSerializerEachGetTheirOwnRecordsBytes() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        Callable<Boolean> task = () -> {
          for (int n = 0; n < 500; n++) {
            Inquiry in = inquiry("thread " + thread + " record " + n + " " + "z".repeat((n * 37 + thread) % 700));
            if (!Arrays.equals(serializer.serialize("inquiries", in), freshlyEncoded(INQUIRY_ID, in))) {
              return false;
            }
          }
          return true;
        };
        results.add(pool.submit(task));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** An audit record with every optional field set, logical-type union (receivedAt) included. */
  private static AuditRecord fullAudit() {
    AuditRecord a = sparseAudit();
    a.setConversationId("conv-7");
    a.setTenantId("acme");
    a.setChannel(Channel.WEB_CHAT);
    a.setLanguage("zh");
    a.setReason("LOW_CONFIDENCE");
    a.setDetail("below the threshold");
    a.setRedactedText("请联系 [EMAIL]");
    a.setMatcher("exact");
    a.setScore(0.875);
    a.setFaqId("refund-policy");
    a.setCandidatesJson("[{\"faqId\":\"refund-policy\",\"score\":0.875}]");
    a.setCitedFaqIds(List.of("refund-policy", "returns"));
    a.setModel("gpt-4o-mini");
    a.setPromptTokens(321);
    a.setCompletionTokens(54);
    a.setCostUsd(0.000123);
    a.setLlmAttempts(2);
    a.setLlmMillis(1_234L);
    a.setMatchMicros(77L);
    a.setEndToEndMillis(5_000_000_000L);
    a.setStageLatenciesJson("{\"decode\":3}");
    a.setRedactionCount(1);
    a.setGuardFlags(List.of("PII_EMAIL"));
    a.setReceivedAt(Instant.parse("2026-11-26T10:15:30.123Z"));
    return a;
  }

  /** An audit record with only the required fields set. */
  private static AuditRecord sparseAudit() {
    AuditRecord a = new AuditRecord();
    a.setInquiryId("inq-42");
    a.setRoute(Route.ESCALATED);
    a.setCitedFaqIds(List.of());
    a.setGuardFlags(List.of());
    a.setProcessedAt(Instant.parse("2026-11-26T10:15:31.456Z"));
    a.setProcessorVersion("0.1.0");
    return a;
  }

  private static Inquiry inquiry(String text) {
    Inquiry in = Fixtures.inquiry();
    in.setText(text);
    return in;
  }

  /** What a serializer with nothing reused writes: the header, then a new encoder's output. */
  private static byte[] freshlyEncoded(int schemaId, GenericContainer record) {
    byte[] body = avroBody(record);
    return ByteBuffer.allocate(WireFormat.HEADER_SIZE + body.length)
        .put((byte) 0).putInt(schemaId).put(body).array();
  }

  private static byte[] avroBody(GenericContainer record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      new SpecificDatumWriter<>(record.getSchema(), SpecificData.getForClass(record.getClass()))
          .write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
