package io.ticketflow.config;

import io.ticketflow.decode.DeadLetterExceptionHandler;
import io.ticketflow.decode.InvalidTimestampFallback;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.schema.topic.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties for a {@link TicketflowConfig}: ours first, then every {@code
 * kafka.*} override. Shared by the application and the TopologyTestDriver tests so both run with
 * the same exception handlers.
 */
public final class StreamsProperties {
  /** Kafka's default {@code max.request.size}. */
  static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

  private StreamsProperties() {}

  public static Properties of(TicketflowConfig config, PipelineMetrics metrics) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicReplicationFactor());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
    // A record without a valid timestamp must not stop its partition (kafka.default.timestamp.extractor overrides it).
    p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, InvalidTimestampFallback.class);
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topicPrefix() + Topics.DLQ);
    p.put(DeadLetterExceptionHandler.TOPIC_PREFIX_CONFIG, config.topicPrefix());
    p.put(DeadLetterExceptionHandler.MAX_VALUE_BYTES_CONFIG, config.deadLetterMaxValueBytes());
    if (metrics != null) {
      p.put(DeadLetterExceptionHandler.METRICS_CONFIG, metrics);
    }
    // The LLM stage hands finished calls to the stream thread through a wall-clock punctuator,
    // which runs between polls: an idle poll of the default 100 ms would add up to 100 ms to
    // every answer and cap the calls started per second. kafka.poll.ms overrides it.
    p.put(StreamsConfig.POLL_MS_CONFIG, 10L);
    // Inquiries and feedback are co-partitioned, so every task also reads a feedback partition
    // that is empty most of the time. With the default (0) Streams checks that partition's lag
    // before every record and formats a log line about it whether or not it is logged (about 6 %
    // of the stream thread in a profile). Feedback rates a reply seconds to days after the
    // inquiry, which was processed before its reply existed, even in a backlog: there is nothing
    // to wait for, so process what is buffered (kafka.max.task.idle.ms overrides it).
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    // Each inquiry on the FAQ path produces a reply, an audit record and a changelog record of a
    // few hundred bytes each; with the default 16 KB batches the producer sends (and the broker
    // handles) several times more requests than for the input. Larger batches cost nothing in
    // latency under exactly-once, where outputs become visible at the commit anyway
    // (kafka.producer.batch.size overrides it).
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
    // The handlers build their Avro serializers from these (schema.registry.url, credentials).
    p.putAll(config.serdeConfig());
    p.putAll(config.kafkaOverrides());
    return p;
  }

  /**
   * The producer's {@code max.request.size}: {@code kafka.producer.max.request.size}, else {@code
   * kafka.max.request.size}, else Kafka's default.
   */
  public static int maxRequestSize(TicketflowConfig config) {
    Map<String, ?> overrides = config.kafkaOverrides();
    Object v = overrides.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    if (v == null) {
      v = overrides.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    }
    return v == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(v.toString().trim());
  }
}
