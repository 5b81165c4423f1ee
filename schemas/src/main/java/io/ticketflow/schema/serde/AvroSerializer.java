package io.ticketflow.schema.serde;

import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
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
    int id = schemaId(WireFormat.subject(topic, isKey), schema);
    DatumWriter<Object> writer = writers.computeIfAbsent(schema, s -> writerFor(record, s));
    Output output = outputs.get();
    output.buffer.reset();
    output.buffer.write(WireFormat.MAGIC_BYTE);
    output.buffer.write(id >>> 24);
    output.buffer.write(id >>> 16);
    output.buffer.write(id >>> 8);
    output.buffer.write(id);
    try {
      writer.write(record, output.encoder);
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
        if (!latest.schema().equals(schema)) {
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
      return new SpecificDatumWriter<>(schema, SpecificData.getForClass(record.getClass()));
    }
    return (DatumWriter<Object>) (DatumWriter<?>) new GenericDatumWriter<>(schema, GenericData.get());
  }

  /** A thread's reusable output: a growable buffer and a buffered encoder bound to it. */
  private static final class Output {
    final Buffer buffer = new Buffer();
    final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, null);
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
