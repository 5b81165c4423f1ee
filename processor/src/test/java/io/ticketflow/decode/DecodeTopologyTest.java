package io.ticketflow.decode;

import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Route;
import io.ticketflow.testing.TopologyFixture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecodeTopologyTest {
  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private void assertDeadLettered(byte[] value, String expectedMessagePart) {
    f.rawInquiries.pipeInput("conv-x", value);
    KeyValue<String, DeadLetter> dl = f.dlq.readKeyValue();
    assertThat(dl.value.getReasonCode()).isEqualTo(DeadLetterReason.DESERIALIZATION_FAILED);
    assertThat(dl.value.getMessage()).contains(expectedMessagePart);
    assertThat(dl.key).isEqualTo(dl.value.getDeadLetterId()).isEqualTo(f.topics.inquiries().name() + "-0-"
        + dl.value.getSourceOffset());
    assertThat(dl.value.getValue()).isEqualTo(value == null ? null : ByteBuffer.wrap(value));
    assertThat(dl.value.getKey()).isEqualTo(ByteBuffer.wrap("conv-x".getBytes(StandardCharsets.UTF_8)));
    KeyValue<String, AuditRecord> audit = f.audit.readKeyValue();
    assertThat(audit.key).isEqualTo(dl.key);
    assertThat(audit.value.getRoute()).isEqualTo(Route.DEAD_LETTER);
    assertThat(audit.value.getReason()).isEqualTo("DESERIALIZATION_FAILED");
    assertThat(f.replies.isEmpty()).isTrue();
    assertThat(f.escalations.isEmpty()).isTrue();
  }

  @Test
  void randomBytesAreDeadLetteredWithAnAudit() {
    assertDeadLettered(new byte[] {7, 1, 2, 3, 4, 5, 6}, "UNKNOWN_MAGIC_BYTE");
  }

  @Test
  void unknownSchemaIdIsDeadLettered() {
    assertDeadLettered(new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 'a'}, "UNKNOWN_SCHEMA_ID");
  }

  @Test
  void truncatedAvroIsDeadLettered() {
    byte[] ok = f.bytes(inquiry("q1", "c1", "hello there"));
    assertDeadLettered(Arrays.copyOf(ok, ok.length - 6), "TRUNCATED");
  }

  @Test
  void tombstoneIsDeadLettered() {
    assertDeadLettered(null, "null value");
  }

  @Test
  void goodRecordAfterBadOnesIsStillProcessed() {
    f.rawInquiries.pipeInput("c0", new byte[] {1, 2, 3});
    f.send(inquiry("q2", "c2", "anything"));
    assertThat(f.dlq.readValuesToList()).hasSize(1);
    assertThat(f.escalations.readValuesToList()).hasSize(1);
    assertThat(f.audit.readValuesToList()).extracting(AuditRecord::getRoute)
        .containsExactly(Route.DEAD_LETTER, Route.ESCALATED);
    assertThat(f.counter("ticketflow.dead.letters", "reason", "DESERIALIZATION_FAILED")).isEqualTo(1.0);
  }

  /**
   * A key that is not UTF-8 (a binary id, say) reaches the dead letter as it was sent: keys were
   * read as strings, so its bytes came back as replacement characters. A valid inquiry with such a
   * key is still answered; it only counts as mis-keyed.
   */
  @Test
  void aKeyThatIsNotUtf8IsDeadLetteredAsItWasSent() {
    byte[] binaryKey = {(byte) 0xc3, 0x28, (byte) 0xff, 0, 0x41};
    org.apache.kafka.streams.TestInputTopic<byte[], byte[]> byBytes = f.driver.createInputTopic(
        f.topics.inquiries().name(), new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer());
    byBytes.pipeInput(binaryKey, new byte[] {7, 1, 2});
    byBytes.pipeInput(binaryKey, f.bytes(inquiry("q1", "c1", "anything")));
    org.apache.kafka.streams.TestInputTopic<byte[], byte[]> feedbackByBytes = f.driver.createInputTopic(
        f.topics.feedback().name(), new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer());
    feedbackByBytes.pipeInput(binaryKey, new byte[] {9, 9});

    assertThat(f.dlq.readValuesToList()).extracting(DeadLetter::getKey)
        .containsExactly(ByteBuffer.wrap(binaryKey), ByteBuffer.wrap(binaryKey));
    assertThat(f.escalations.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("c1");
    assertThat(f.counter("ticketflow.inputs.miskeyed", "topic", f.topics.inquiries().name())).isEqualTo(1);
  }

  /** Dedupe and the feedback join rely on the conversationId key: other keys are processed, and counted. */
  @Test
  void inputsNotKeyedByTheirConversationIdAreProcessedAndCounted() {
    f.send(inquiry("q1", "c1", "anything"));
    f.inquiries.pipeInput("q2", inquiry("q2", "c2", "anything"));
    f.inquiries.pipeInput(null, inquiry("q3", "c3", "anything"));
    f.feedback.pipeInput("f1", io.ticketflow.testing.Inquiries.feedback("f1", "q1", "c1", true));
    assertThat(f.escalations.readValuesToList()).hasSize(3);
    assertThat(f.counter("ticketflow.inputs.miskeyed", "topic", f.topics.inquiries().name())).isEqualTo(2);
    assertThat(f.counter("ticketflow.inputs.miskeyed", "topic", f.topics.feedback().name())).isEqualTo(1);
  }

  /**
   * Replies and escalations are keyed by their conversationId (the schemas' contract, which the
   * channel adapters and agents' tools partition by), also for an inquiry keyed otherwise or not
   * at all: they were keyed by the input's key, null included.
   */
  @Test
  void repliesAndEscalationsAreKeyedByTheConversationIdWhateverTheInputKey() {
    f.publish(io.ticketflow.testing.Inquiries.faq("hours", "when are you open", "9 to 5."));
    f.inquiries.pipeInput(null, inquiry("q1", "c1", "when are you open"));
    f.inquiries.pipeInput("q2", inquiry("q2", "c2", "anything"));
    assertThat(f.replies.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("c1");
    assertThat(f.escalations.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("c2");
  }

  /**
   * A record without a valid timestamp (NO_TIMESTAMP, -1: a client that wrote none) gets the
   * partition's time, or the wall clock: Streams' default extractor throws outside every exception
   * handler, so the stream thread died on it and its replacement polled the same record again.
   */
  @Test
  void aRecordWithoutATimestampDoesNotStopItsPartition() {
    org.apache.kafka.streams.processor.TimestampExtractor extractor = new org.apache.kafka.streams.StreamsConfig(
        io.ticketflow.config.StreamsProperties.of(f.config, null)).defaultTimestampExtractor();
    org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object> noTimestamp =
        new org.apache.kafka.clients.consumer.ConsumerRecord<>(f.topics.inquiries().name(), 0, 7L, "c1", new byte[0]);
    assertThat(noTimestamp.timestamp()).as("NO_TIMESTAMP").isEqualTo(-1L);
    assertThat(extractor.extract(noTimestamp, 1_000L)).isEqualTo(1_000L);
    assertThat(extractor.extract(noTimestamp, -1L)).isPositive();
    org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object> stamped =
        new org.apache.kafka.clients.consumer.ConsumerRecord<>(f.topics.inquiries().name(), 0, 8L, "c1", new byte[0]);
    assertThat(extractor.extract(new org.apache.kafka.clients.consumer.ConsumerRecord<>(stamped.topic(), 0, 8L, 42L,
        org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, (Object) "c1", (Object) new byte[0],
        new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty()), 1_000L))
        .as("a valid timestamp is kept").isEqualTo(42L);
  }
}
