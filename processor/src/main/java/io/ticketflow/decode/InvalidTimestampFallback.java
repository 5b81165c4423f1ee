package io.ticketflow.decode;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The record's own timestamp; for a record without a valid one (negative, e.g. {@code NO_TIMESTAMP}
 * from a client that wrote none) the partition's time, or the wall clock when the partition has
 * no time yet. Kafka Streams' default extractor throws for such a record, outside every exception
 * handler: the stream thread dies, and its replacement polls the same record again, so one record
 * would stop its partition for good. Here it is processed like any other (bad bytes still go to
 * the dead-letter topic through the decode stage).
 */
public final class InvalidTimestampFallback implements TimestampExtractor {
  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    long ts = record.timestamp();
    if (ts >= 0) {
      return ts;
    }
    return partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
  }
}
