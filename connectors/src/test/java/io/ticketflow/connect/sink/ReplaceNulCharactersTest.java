package io.ticketflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ReplaceNulCharactersTest {
  static final Schema VALUE = SchemaBuilder.struct().name("Feedback")
      .field("feedbackId", Schema.STRING_SCHEMA)
      .field("rating", Schema.OPTIONAL_INT32_SCHEMA)
      .field("comment", Schema.OPTIONAL_STRING_SCHEMA)
      .field("tier", SchemaBuilder.string().defaultValue("standard").build())
      .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
      .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).optional().build())
      .field("inner", SchemaBuilder.struct().name("Inner").field("note", Schema.OPTIONAL_STRING_SCHEMA).optional().build())
      .build();

  final ReplaceNulCharacters<SinkRecord> transform = new ReplaceNulCharacters<>();

  @Test
  void nulsAtAnyDepthBecomeReplacementCharactersAndTheRestIsKept() {
    Struct value = new Struct(VALUE)
        .put("feedbackId", "fb-1")
        .put("rating", 4)
        .put("comment", "bad\u0000reply\u0000")
        .put("tags", List.of("ok", "x\u0000y"))
        .put("labels", Map.of("k\u0000", "v\u0000"))
        .put("inner", new Struct(VALUE.field("inner").schema()).put("note", "\u0000"));
    SinkRecord in = new SinkRecord("helpdesk.feedback", 2, Schema.STRING_SCHEMA, "conv\u00001", VALUE, value, 42);

    SinkRecord out = transform.apply(in);

    assertThat(out.key()).isEqualTo("conv\uFFFD1");
    Struct cleaned = (Struct) out.value();
    assertThat(cleaned.schema()).isSameAs(VALUE);
    assertThat(cleaned.getString("feedbackId")).isEqualTo("fb-1");
    assertThat(cleaned.getInt32("rating")).isEqualTo(4);
    assertThat(cleaned.getString("comment")).isEqualTo("bad\uFFFDreply\uFFFD");
    assertThat(cleaned.getWithoutDefault("tier")).as("an unset field stays unset, not its default").isNull();
    assertThat(cleaned.getArray("tags")).containsExactly("ok", "x\uFFFDy");
    assertThat(cleaned.getMap("labels")).containsExactly(Map.entry("k\uFFFD", "v\uFFFD"));
    assertThat(cleaned.getStruct("inner").getString("note")).isEqualTo("\uFFFD");
    assertThat(out.topic()).isEqualTo("helpdesk.feedback");
    assertThat(out.kafkaPartition()).isEqualTo(2);
    assertThat(out.kafkaOffset()).isEqualTo(42);
    assertThat(value.getString("comment")).as("the input record is not modified").contains("\u0000");
  }

  @Test
  void aRecordWithoutNulPassesAsTheSameInstance() {
    Struct value = new Struct(VALUE).put("feedbackId", "fb-2").put("comment", "fine").put("tags", List.of("a"));
    SinkRecord in = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k", VALUE, value, 1);

    assertThat(transform.apply(in)).isSameAs(in);
    assertThat(transform.apply(null)).isNull();
  }

  @Test
  void schemalessValuesAndTombstonesAreHandled() {
    SinkRecord map = new SinkRecord("t", 0, null, null, null, Map.of("a", List.of("\u0000")), 1);
    SinkRecord tombstone = new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k\u0000", VALUE, null, 2);

    assertThat(transform.apply(map).value()).isEqualTo(Map.of("a", List.of("\uFFFD")));
    assertThat(transform.apply(tombstone).key()).isEqualTo("k\uFFFD");
    assertThat(transform.apply(tombstone).value()).isNull();
  }
}
