package io.ticketflow.schema.serde;

import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.registry.SchemaRegistryException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro. With a target class it resolves the writer schema against that
 * class's schema (Avro schema resolution, so older and newer writers both work); without one it
 * returns {@code GenericRecord}s, or generated classes when {@code specific.avro.reader=true}.
 *
 * <p>Every way bytes can be wrong ends in an {@link AvroSerdeException} with a {@link
 * AvroSerdeException.Reason}, never in a half-filled object.
 */
public class AvroDeserializer<T> implements Deserializer<T> {
  /*
   * Avro allocates a string, byte array or collection at the length the bytes announce before it
   * reads them, so four corrupt bytes can ask for gigabytes. Avro's own limits default to ~2 GB;
   * unless the operator set them, cap them well above any Kafka record ticketflow accepts.
   * They are read once, when Avro first decodes something, which in a ticketflow process is here.
   */
  static {
    capIfUnset("org.apache.avro.limits.string.maxLength", 64L << 20);
    capIfUnset("org.apache.avro.limits.bytes.maxLength", 64L << 20);
    capIfUnset("org.apache.avro.limits.collectionItems.maxLength", 1L << 20);
  }

  private static void capIfUnset(String property, long value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, String.valueOf(value));
    }
  }

  private final Class<? extends SpecificRecord> targetType;
  private SchemaRegistryClient registry;
  private AvroSerdeConfig config;
  private final Map<Integer, DatumReader<Object>> readersBySchemaId = new ConcurrentHashMap<>();
  /** Each thread's decoder, reconfigured for every record instead of allocated (with its buffer) anew. */
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

  /** For Kafka's reflective construction; {@link #configure} must follow. */
  public AvroDeserializer() {
    this.targetType = null;
  }

  /** Reads values as {@code targetType}, asking {@code registry} for writer schemas. */
  public AvroDeserializer(SchemaRegistryClient registry, Map<String, ?> configs, Class<T> targetType) {
    this.registry = Objects.requireNonNull(registry);
    this.config = new AvroSerdeConfig(configs);
    this.targetType = asSpecific(targetType);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = new AvroSerdeConfig(configs);
    if (registry == null) {
      registry = config.createClient();
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException("AvroDeserializer used before configure()");
    }
    int id = WireFormat.schemaId(data);
    DatumReader<Object> reader = readersBySchemaId.computeIfAbsent(id, this::readerFor);
    BinaryDecoder decoder = DecoderFactory.get()
        .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, decoders.get());
    decoders.set(decoder);
    Object result;
    try {
      result = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new AvroSerdeException(AvroSerdeException.Reason.SCHEMA_MISMATCH,
            "bytes left over after reading a record with schema id " + id + " from topic " + topic);
      }
    } catch (EOFException e) {
      throw new AvroSerdeException(AvroSerdeException.Reason.TRUNCATED,
          "the Avro body ends early for schema id " + id + " on topic " + topic, e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
        | ClassCastException | NullPointerException | IllegalArgumentException
        | UnsupportedOperationException e) {
      // Avro signals corrupt input with a range of unchecked exceptions (bad union index, negative
      // length, invalid UTF-8 in strict mode, ...): all of them mean these bytes are not this schema.
      // Avro resolves a writer schema against the reader's only while reading, so a writer schema
      // the reader cannot take also fails here: told apart afterwards, on this failure path only.
      if (incompatible(reader)) {
        throw new AvroSerdeException(AvroSerdeException.Reason.INCOMPATIBLE_SCHEMA,
            "schema id " + id + " (" + ((GenericDatumReader<?>) reader).getSchema().getFullName()
                + ") cannot be read as " + ((GenericDatumReader<?>) reader).getExpected().getFullName()
                + " on topic " + topic + ": " + e, e);
      }
      throw new AvroSerdeException(AvroSerdeException.Reason.SCHEMA_MISMATCH,
          "the bytes do not decode with schema id " + id + " on topic " + topic + ": " + e, e);
    }
    @SuppressWarnings("unchecked")
    T typed = (T) result;
    return typed;
  }

  /** Whether {@code reader}'s writer schema is one its reader schema cannot take at all. */
  private static boolean incompatible(DatumReader<Object> reader) {
    return reader instanceof GenericDatumReader<?> generic && generic.getExpected() != null
        && SchemaCompatibility.checkReaderWriterCompatibility(generic.getExpected(), generic.getSchema())
            .getType() == SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE;
  }

  private DatumReader<Object> readerFor(int id) {
    Schema writer;
    try {
      writer = registry.byId(id);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
        throw new AvroSerdeException(AvroSerdeException.Reason.UNKNOWN_SCHEMA_ID,
            "the registry has no schema with id " + id, e);
      }
      if (e.errorCode() == SchemaRegistryException.INVALID_SCHEMA) {
        // The registry answered, with a schema that is not Avro (JSON Schema, Protobuf) or one we
        // cannot parse: a property of this record, not an outage, so it must not be retried forever.
        throw new AvroSerdeException(AvroSerdeException.Reason.INCOMPATIBLE_SCHEMA,
            "schema id " + id + " is not an Avro schema this reader can use: " + e.getMessage(), e);
      }
      throw new AvroSerdeException(AvroSerdeException.Reason.REGISTRY_ERROR,
          "cannot fetch schema id " + id + ": " + e.getMessage(), e);
    }
    Class<?> type = targetType;
    if (type == null && config.specificAvroReader()) {
      type = SpecificData.get().getClass(writer);
      if (type == null) {
        throw new AvroSerdeException(AvroSerdeException.Reason.INCOMPATIBLE_SCHEMA,
            "no generated class for " + writer.getFullName() + " (schema id " + id + ")");
      }
    }
    if (type == null) {
      return new GenericDatumReader<>(writer, writer, GenericData.get());
    }
    SpecificData model = SpecificData.getForClass(type);
    Schema readerSchema = model.getSchema(type);
    try {
      return new SpecificDatumReader<>(writer, readerSchema, model);
    } catch (AvroTypeException e) {
      throw new AvroSerdeException(AvroSerdeException.Reason.INCOMPATIBLE_SCHEMA,
          "schema id " + id + " (" + writer.getFullName() + ") cannot be read as " + type.getName(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends SpecificRecord> asSpecific(Class<?> type) {
    if (!SpecificRecord.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(type.getName() + " is not a generated Avro class");
    }
    return (Class<? extends SpecificRecord>) type;
  }

  @Override
  public void close() {
    // The registry client may be shared; its owner closes it.
  }
}
