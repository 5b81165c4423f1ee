package io.ticketflow.decode;

import io.ticketflow.route.Origin;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds an {@link Origin} from the input record being processed. Input keys are read as bytes, so
 * a dead letter carries the key as it was sent even when it is not UTF-8 (a binary id, say);
 * {@link #streamKey} is the key the topology passes on.
 */
public final class Origins {
  private Origins() {}

  public static Origin of(ProcessingContext context, Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    return meta == null
        ? new Origin("unknown", -1, -1, record.key(), record.value(), record.timestamp())
        : new Origin(meta.topic(), meta.partition(), meta.offset(), record.key(), record.value(), record.timestamp());
  }

  /**
   * The input key as the topology's string key: bytes that are not UTF-8 are replaced, which only
   * makes the record count as mis-keyed ({@link KeyCheck}); outputs are keyed by their own ids.
   */
  public static String streamKey(byte[] key) {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }
}
