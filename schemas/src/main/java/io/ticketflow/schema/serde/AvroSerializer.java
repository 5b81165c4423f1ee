package io.ticketflow.schema.serde;

import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated (specific) or generic Avro records in Confluent's wire format. Configured like
 * Confluent's {@code KafkaAvroSerializer}; a {@code null} record becomes {@code null} bytes (a
 * tombstone).
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
  /** A buffer grown past this by one large record is dropped after it rather than kept per thread. */
  static final int MAX_RETAINED_BUFFER = 1 << 20;
  private SchemaRegistryClient registry;
  private AvroSerdeConfig config;
  private boolean isKey;
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  /*
   * One buffered encoder and output buffer per thread, reused for every record: allocating a
   * stream and an encoder per record, and writing through a direct (unbuffered) encoder byte by
   * byte, was a third of the stream thread's time on the FAQ path. Per thread because Streams
   * shares a sink's serializer between its stream threads.
   */
  private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);

  /** For Kafka's reflective construction; {@link #configure} must follow. */
  public AvroSerializer() {}

  /** A serializer with its registry given (tests, or a client shared by several serdes). */
  public AvroSerializer(SchemaRegistryClient registry, Map<String, ?> configs, boolean isKey) {
    this.registry = Objects.requireNonNull(registry);
    this.config = new AvroSerdeConfig(configs);
    this.isKey = isKey;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = new AvroSerdeConfig(configs);
    this.isKey = isKey;
    if (registry == null) {
      registry = config.createClient();
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException("AvroSerializer used before configure()");
    }
    Schema schema = record.getSchema();
    Output output = outputs.get();
    if (schema != output.lastSchema || !Objects.equals(topic, output.lastTopic)) {
      output.remember(topic, schema, schemaId(WireFormat.subject(topic, isKey), schema),
          writers.computeIfAbsent(schema, s -> writerFor(record, s)));
    }
    int id = output.lastId;
    output.buffer.reset();
    output.buffer.write(WireFormat.MAGIC_BYTE);
    output.buffer.write(id >>> 24);
    output.buffer.write(id >>> 16);
    output.buffer.write(id >>> 8);
    output.buffer.write(id);
    try {
      output.lastWriter.write(record, output.encoder);
      output.encoder.flush();
    } catch (IOException | RuntimeException e) {
      // The encoder may hold part of this record in its buffer: start the next record afresh.
      outputs.remove();
      throw new AvroSerdeException(AvroSerdeException.Reason.INVALID_RECORD,
          "cannot write " + schema.getFullName() + " to topic " + topic + ": " + e, e);
    }
    byte[] bytes = output.buffer.toByteArray();
    if (output.buffer.capacity() > MAX_RETAINED_BUFFER) {
      outputs.remove();
    }
    return bytes;
  }

  private int schemaId(String subject, Schema schema) {
    Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    int id;
    try {
      if (config.autoRegisterSchemas()) {
        id = registry.register(subject, schema);
      } else if (config.useLatestVersion()) {
        var latest = registry.latest(subject);
        // Equal in parsing form: the same bytes for every record. Schema.equals also compares
        // properties, and the generated classes' strings carry "avro.java.string", which a version
        // registered from the .avsc files (or by another language's producer) does not.
        if (!SchemaNormalization.toParsingForm(latest.schema()).equals(SchemaNormalization.toParsingForm(schema))) {
          throw new AvroSerdeException(AvroSerdeException.Reason.INCOMPATIBLE_SCHEMA,
              "the record's schema differs from version " + latest.version() + " of subject '"
                  + subject + "'; register it or enable " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
        }
        id = latest.id();
      } else {
        id = registry.idOf(subject, schema);
      }
    } catch (SchemaRegistryException e) {
      throw new AvroSerdeException(AvroSerdeException.Reason.REGISTRY_ERROR,
          "cannot get a schema id for subject '" + subject + "': " + e.getMessage(), e);
    }
    ids.put(schema, id);
    return id;
  }

  @SuppressWarnings("unchecked")
  private static DatumWriter<Object> writerFor(GenericContainer record, Schema schema) {
    if (record instanceof SpecificRecord) {
      // The generated class's own model carries its logical-type conversions (Instant, ...).
      return new NullableUnionWriter<>(schema, SpecificData.getForClass(record.getClass()));
    }
    return (DatumWriter<Object>) (DatumWriter<?>) new GenericDatumWriter<>(schema, GenericData.get());
  }

  /**
   * A thread's reusable output: a growable buffer and a buffered encoder bound to it, and the
   * topic, schema, id and writer of the last record. A sink's serializer sees one topic and one
   * schema, so this spares the subject string and two map lookups per record.
   */
  private static final class Output {
    final Buffer buffer = new Buffer();
    final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, null);
    String lastTopic;
    Schema lastSchema;
    int lastId;
    DatumWriter<Object> lastWriter;

    void remember(String topic, Schema schema, int id, DatumWriter<Object> writer) {
      lastTopic = topic;
      lastSchema = schema;
      lastId = id;
      lastWriter = writer;
    }
  }

  /**
   * Writes generated records, resolving each union of null and one type by whether the value is
   * null. Every union in ticketflow's schemas has that shape; Avro's general resolution looks the
   * value's type name up in the union for every such field of every record, a tenth of the
   * serializer's time on the audit record. Other unions are resolved as Avro does. A value of the
   * wrong type cannot reach a field of a generated class, so the result is the same.
   */
  static final class NullableUnionWriter<D> extends SpecificDatumWriter<D> {
    NullableUnionWriter(Schema schema, SpecificData model) {
      super(schema, model);
    }

    @Override
    protected int resolveUnion(Schema union, Object datum) {
      List<Schema> branches = union.getTypes();
      if (branches.size() == 2) {
        if (branches.get(0).getType() == Schema.Type.NULL) {
          return datum == null ? 0 : 1;
        }
        if (branches.get(1).getType() == Schema.Type.NULL) {
          return datum == null ? 1 : 0;
        }
      }
      return super.resolveUnion(union, datum);
    }
  }

  /** A {@link ByteArrayOutputStream} that tells how much it holds on to. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(512);
    }

    int capacity() {
      return buf.length;
    }
  }

  @Override
  public void close() {
    // The registry client may be shared (mock scopes, injected clients); its owner closes it.
  }
}
