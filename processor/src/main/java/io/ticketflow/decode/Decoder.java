package io.ticketflow.decode;

import io.ticketflow.schema.serde.AvroSerdeException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes a record's value without throwing for bad data: bad bytes are data (a dead letter), not
 * an exception. A registry that cannot be reached is not bad data: that exception propagates so
 * the record is retried, never dead-lettered because of an outage.
 */
public final class Decoder<T> {
  private final Deserializer<T> deserializer;

  /** The result: exactly one of value and error is set. */
  public record Result<T>(T value, String error) {
    public boolean ok() {
      return value != null;
    }
  }

  public Decoder(Deserializer<T> deserializer) {
    this.deserializer = deserializer;
  }

  public Result<T> decode(String topic, byte[] bytes) {
    if (bytes == null) {
      return new Result<>(null, "null value (tombstone) where a record was expected");
    }
    try {
      T value = deserializer.deserialize(topic, bytes);
      return value == null ? new Result<>(null, "decoded to null") : new Result<>(value, null);
    } catch (AvroSerdeException e) {
      if (e.reason() == AvroSerdeException.Reason.REGISTRY_ERROR) {
        throw e;
      }
      return new Result<>(null, e.getMessage());
    } catch (RuntimeException e) {
      // Any other failure inside a deserializer is still about these bytes (e.g. a generated
      // class rejecting a value): dead-letter it with the cause rather than stop the pipeline.
      return new Result<>(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
