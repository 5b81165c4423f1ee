package io.ticketflow.route;

import java.util.Map;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Refuses, at serialization, an output value the producer would refuse as too large.
 *
 * <p>Why not leave it to the producer: under exactly-once a {@code RecordTooLargeException} from
 * {@code send()} puts the transaction into an abortable error, so the whole transaction is rolled
 * back and the same input fails again after the restart, whatever the production exception
 * handler answers. A serializer failure happens before {@code send()}: Streams hands it to the
 * handler's {@code handleSerializationError}, which dead-letters the input with reason
 * PRODUCTION_FAILED, and the transaction commits normally.
 */
public final class SizeCappedSerializer<T> implements Serializer<T> {
  /** Room left for the key, headers and the record batch overhead. */
  static final int HEADROOM_BYTES = 1024;
  private final Serializer<T> inner;
  private final int maxValueBytes;

  /** @param maxRequestSize the producer's {@code max.request.size} */
  public SizeCappedSerializer(Serializer<T> inner, int maxRequestSize) {
    this.inner = inner;
    this.maxValueBytes = Math.max(0, maxRequestSize - HEADROOM_BYTES);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    inner.configure(configs, isKey);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return check(topic, inner.serialize(topic, data));
  }

  @Override
  public byte[] serialize(String topic, Headers headers, T data) {
    return check(topic, inner.serialize(topic, headers, data));
  }

  private byte[] check(String topic, byte[] bytes) {
    if (bytes != null && bytes.length > maxValueBytes) {
      throw new RecordTooLargeException("A value of " + bytes.length + " bytes for " + topic
          + " exceeds the producer's max.request.size less " + HEADROOM_BYTES + " bytes of headroom ("
          + maxValueBytes + " bytes)");
    }
    return bytes;
  }

  @Override
  public void close() {
    inner.close();
  }
}
