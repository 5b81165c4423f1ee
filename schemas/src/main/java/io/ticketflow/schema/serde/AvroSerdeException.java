package io.ticketflow.schema.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a valid record in our wire format, or a record that cannot be written. A
 * {@link SerializationException}, so Kafka clients and Streams' exception handlers treat it as bad
 * data; {@link #reason()} says which kind, for dead-letter reason codes and counters.
 */
public class AvroSerdeException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** What was wrong. */
  public enum Reason {
    /** The first byte is not {@code 0x00}. */
    UNKNOWN_MAGIC_BYTE,
    /** Fewer bytes than the header, or the Avro body ends early. */
    TRUNCATED,
    /** The registry does not know the schema id. */
    UNKNOWN_SCHEMA_ID,
    /** The bytes do not decode with the writer schema, or leave bytes over. */
    SCHEMA_MISMATCH,
    /** The writer schema cannot be read as the expected type. */
    INCOMPATIBLE_SCHEMA,
    /** A record to write breaks its own schema (e.g. null in a non-null field). */
    INVALID_RECORD,
    /** The registry could not be asked or refused the request. */
    REGISTRY_ERROR
  }

  private final Reason reason;

  public AvroSerdeException(Reason reason, String message) {
    this(reason, message, null);
  }

  public AvroSerdeException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
