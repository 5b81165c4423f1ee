package io.ticketflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debezium's task inside DeadLetteringJdbcSinkTask against the machine's PostgreSQL
 * (127.0.0.1:5432, user postgres), in a database of its own that it drops afterwards.
 */
class SinkOnPostgresTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String DB = "review_sink_on_postgres";
  private final List<String> deadLetters = new ArrayList<>();
  private DeadLetteringJdbcSinkTask task;
  private long offset;
  private Map<String, String> props;

  @BeforeEach
  void database() throws Exception {
    try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", ""); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + DB);
    }
    props = new HashMap<>();
    props.put("connection.url", SinkSettings.withoutErrorDetail(SERVER + DB));
    props.put("connection.username", "postgres");
    props.put("connection.password", "");
    props.put("insert.mode", "upsert");
    props.put("primary.key.mode", "record_value");
    props.put("primary.key.fields", "id");
    props.put("schema.evolution", "basic");
    props.put("collection.name.format", "t");
    props.put("errors.tolerance", "all");
    props.put("errors.deadletterqueue.topic.name", "dlq");
    props.put("errors.retry.timeout", "-1");
    task = new DeadLetteringJdbcSinkTask();
    task.initialize(context());
    task.start(props);
    task.open(List.of(new TopicPartition("topic", 0)));
  }

  @AfterEach
  void drop() throws Exception {
    if (task != null) {
      task.stop();
    }
    try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", ""); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
    }
  }

  private SinkRecord record(Struct value) {
    return new SinkRecord("topic", 0, Schema.STRING_SCHEMA, value.getString("id"), value.schema(), value, offset++);
  }

  private List<String> column(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(SERVER + DB, "postgres", ""); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  private static final Schema V1 = SchemaBuilder.struct().name("io.ticketflow.schema.T")
      .field("id", Schema.STRING_SCHEMA).field("text", Schema.OPTIONAL_STRING_SCHEMA).build();

  private static final Schema V2_OPTIONAL = SchemaBuilder.struct().name("io.ticketflow.schema.T")
      .field("id", Schema.STRING_SCHEMA).field("text", Schema.OPTIONAL_STRING_SCHEMA)
      .field("extra", Schema.OPTIONAL_STRING_SCHEMA).build();

  @Test
  void aNewOptionalFieldAddsItsColumnAndTheRowIsWritten() throws Exception {
    task.put(List.of(record(new Struct(V1).put("id", "a").put("text", "x"))));
    task.put(List.of(record(new Struct(V2_OPTIONAL).put("id", "b").put("text", "y").put("extra", "z"))));
    assertThat(deadLetters).isEmpty();
    assertThat(column("SELECT id || ':' || coalesce(extra, '-') FROM t ORDER BY id")).containsExactly("a:-", "b:z");
  }

  /**
   * A BACKWARD-compatible v2 of a schema adding a list field with default [] (as citedFaqIds and
   * guardFlags are declared), read through the converter's Avro to Connect mapping: the sink must
   * add the column and write the row, not stop.
   */
  @Test
  void aNewListFieldWithADefaultAddsItsColumnAndTheRowIsWritten() throws Exception {
    org.apache.avro.Schema v1 = new org.apache.avro.Schema.Parser().parse("""
        {"type": "record", "name": "T", "namespace": "io.ticketflow.schema", "fields": [
          {"name": "id", "type": "string"},
          {"name": "text", "type": ["null", "string"], "default": null}]}""");
    org.apache.avro.Schema v2 = new org.apache.avro.Schema.Parser().parse("""
        {"type": "record", "name": "T", "namespace": "io.ticketflow.schema", "fields": [
          {"name": "id", "type": "string"},
          {"name": "text", "type": ["null", "string"], "default": null},
          {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []}]}""");
    org.apache.avro.generic.GenericRecord a = new org.apache.avro.generic.GenericData.Record(v1);
    a.put("id", "a");
    a.put("text", "x");
    org.apache.avro.generic.GenericRecord b = new org.apache.avro.generic.GenericData.Record(v2);
    b.put("id", "b");
    b.put("text", "y");
    b.put("tags", List.of("t1", "t2"));
    task.put(List.of(record(connect(v1, a))));
    task.put(List.of(record(connect(v2, b))));
    assertThat(deadLetters).as("dead-lettered instead of written").isEmpty();
    assertThat(column("SELECT id || ':' || coalesce(array_to_string(tags, ','), '-') FROM t ORDER BY id"))
        .containsExactly("a:-", "b:t1,t2");
  }

  /** Required fields with defaults (int, enum, timestamp, string) added by a later version. */
  @Test
  void newRequiredFieldsWithDefaultsAddTheirColumns() throws Exception {
    org.apache.avro.Schema v1 = new org.apache.avro.Schema.Parser().parse("""
        {"type": "record", "name": "T", "namespace": "io.ticketflow.schema", "fields": [
          {"name": "id", "type": "string"}]}""");
    org.apache.avro.Schema v2 = new org.apache.avro.Schema.Parser().parse("""
        {"type": "record", "name": "T", "namespace": "io.ticketflow.schema", "fields": [
          {"name": "id", "type": "string"},
          {"name": "count", "type": "int", "default": 0},
          {"name": "kind", "type": {"type": "enum", "name": "K", "symbols": ["A", "B"], "default": "A"}, "default": "B"},
          {"name": "since", "type": {"type": "long", "logicalType": "timestamp-millis"}, "default": 0},
          {"name": "note", "type": "string", "default": "none"}]}""");
    org.apache.avro.generic.GenericRecord a = new org.apache.avro.generic.GenericData.Record(v1);
    a.put("id", "a");
    org.apache.avro.generic.GenericRecord b = new org.apache.avro.generic.GenericData.Record(v2);
    b.put("id", "b");
    b.put("count", 7);
    b.put("kind", new org.apache.avro.generic.GenericData.EnumSymbol(v2.getField("kind").schema(), "A"));
    b.put("since", 1_700_000_000_000L);
    b.put("note", "n");
    task.put(List.of(record(connect(v1, a))));
    task.put(List.of(record(connect(v2, b))));
    assertThat(deadLetters).isEmpty();
    assertThat(column("SELECT id || ':' || count || ':' || kind || ':' || to_char(since, 'YYYY-MM-DD') || ':' || note FROM t ORDER BY id"))
        .containsExactly("a:0:B:1970-01-01:none", "b:7:A:2023-11-14:n");
  }

  private static Struct connect(org.apache.avro.Schema avro, org.apache.avro.generic.GenericRecord value) {
    Schema schema = io.ticketflow.connect.avro.AvroToConnectSchema.toConnect(avro);
    return (Struct) io.ticketflow.connect.avro.AvroToConnectData.toConnect(avro, schema, value);
  }

  @Test
  void unusualTextAndNumbersAreStoredAsSent() throws Exception {
    Schema schema = SchemaBuilder.struct().name("io.ticketflow.schema.N")
        .field("id", Schema.STRING_SCHEMA).field("text", Schema.OPTIONAL_STRING_SCHEMA)
        .field("cost", Schema.OPTIONAL_FLOAT64_SCHEMA).field("big", Schema.INT64_SCHEMA)
        .field("small", Schema.INT32_SCHEMA).build();
    String text = "😀".repeat(300_000);
    task.put(List.of(
        record(new Struct(schema).put("id", "a").put("text", text).put("cost", Double.NaN)
            .put("big", Long.MAX_VALUE).put("small", Integer.MIN_VALUE)),
        record(new Struct(schema).put("id", "b").put("text", "").put("cost", Double.POSITIVE_INFINITY)
            .put("big", Long.MIN_VALUE).put("small", Integer.MAX_VALUE))));
    assertThat(deadLetters).isEmpty();
    assertThat(column("SELECT id || ':' || cost || ':' || big || ':' || small || ':' || length(text) FROM t ORDER BY id"))
        .containsExactly("a:NaN:9223372036854775807:-2147483648:300000", "b:Infinity:-9223372036854775808:2147483647:0");
  }

  @Test
  void aTimestampOutOfPostgresRangeIsDeadLetteredNotTheTaskFailed() throws Exception {
    Schema schema = SchemaBuilder.struct().name("io.ticketflow.schema.Ts")
        .field("id", Schema.STRING_SCHEMA).field("at", org.apache.kafka.connect.data.Timestamp.SCHEMA).build();
    task.put(List.of(
        record(new Struct(schema).put("id", "a").put("at", new java.util.Date(0))),
        record(new Struct(schema).put("id", "far").put("at", new java.util.Date(Long.MAX_VALUE / 2))),
        record(new Struct(schema).put("id", "past").put("at", new java.util.Date(-62_200_000_000_000L))),
        record(new Struct(schema).put("id", "b").put("at", new java.util.Date(1_700_000_000_000L)))));
    List<String> rows = column("SELECT id || ' ' || at FROM t ORDER BY id");
    assertThat(rows).containsExactly("a 1970-01-01 00:00:00", "b 2023-11-14 22:13:20", "past 0003-12-17 14:13:20 BC");
    assertThat(deadLetters).containsExactly("far: the database refused the record: SQLSTATE 22008: ERROR: timestamp out of range: \"…\"");
  }

  @Test
  void listsWithNullsEmptyListsAndNulCharactersAreStored() throws Exception {
    Schema schema = SchemaBuilder.struct().name("io.ticketflow.schema.A")
        .field("id", Schema.STRING_SCHEMA)
        .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build()).build();
    ReplaceNulCharacters<SinkRecord> nul = new ReplaceNulCharacters<>();
    java.util.List<String> withNull = new ArrayList<>();
    withNull.add("x");
    withNull.add(null);
    withNull.add("a\u0000b");
    task.put(List.of(
        nul.apply(record(new Struct(schema).put("id", "a").put("tags", withNull))),
        nul.apply(record(new Struct(schema).put("id", "b").put("tags", List.of())))));
    assertThat(deadLetters).isEmpty();
    assertThat(column("SELECT id || ':' || cardinality(tags) || ':' || coalesce(array_to_string(tags, ',', '?'), '-') FROM t ORDER BY id"))
        .containsExactly("a:3:x,?,a\uFFFDb", "b:0:");
  }

  @Test
  void timestampsAreStoredInUtcWhateverTheDatabasesTimeZone() throws Exception {
    try (Connection c = DriverManager.getConnection(SERVER + "test", "postgres", ""); Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + DB + " SET timezone TO 'America/New_York'");
    }
    task.stop();
    task = new DeadLetteringJdbcSinkTask();
    task.initialize(context());
    task.start(props);
    task.open(List.of(new TopicPartition("topic", 0)));
    Schema schema = SchemaBuilder.struct().name("io.ticketflow.schema.Ts")
        .field("id", Schema.STRING_SCHEMA).field("at", org.apache.kafka.connect.data.Timestamp.SCHEMA).build();
    task.put(List.of(record(new Struct(schema).put("id", "b").put("at", new java.util.Date(1_700_000_000_000L)))));
    assertThat(column("SELECT to_char(at, 'YYYY-MM-DD HH24:MI:SS') FROM t")).containsExactly("2023-11-14 22:13:20");
  }

  private RecordingSinkTaskContext context() {
    return new RecordingSinkTaskContext(Set.of(new TopicPartition("topic", 0)),
        (record, error) -> deadLetters.add(((Struct) record.value()).getString("id") + ": " + error.getMessage()),
        timeout -> { });
  }
}
