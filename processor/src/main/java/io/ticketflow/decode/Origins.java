package io.ticketflow.decode;

import io.ticketflow.route.Origin;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds an {@link Origin} from the record being processed. */
public final class Origins {
  private Origins() {}

  public static Origin of(FixedKeyProcessorContext<?, ?> context, FixedKeyRecord<String, byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    return meta == null
        ? new Origin("unknown", -1, -1, key, record.value(), record.timestamp())
        : new Origin(meta.topic(), meta.partition(), meta.offset(), key, record.value(), record.timestamp());
  }
}
