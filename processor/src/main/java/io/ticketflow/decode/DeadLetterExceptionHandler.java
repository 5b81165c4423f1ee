package io.ticketflow.decode;

import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.ops.ProcessorVersion;
import io.ticketflow.route.Origin;
import io.ticketflow.route.RouteRecords;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Route;
import io.ticketflow.schema.serde.AvroSerde;
import io.ticketflow.schema.serde.AvroSerdeException;
import io.ticketflow.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams 4.4 (KIP-1034) handler for what still fails inside the topology: an exception in
 * a stage (a bug, a matcher failure) or a source serde failure. It answers with two dead-letter
 * records, which Streams produces in the task's transaction: our Avro {@link DeadLetter} on the
 * DLQ topic and an {@link AuditRecord} with route DEAD_LETTER on the audit topic, so the "one
 * audit record per input" rule holds here too. The KIP lets each returned record name its topic;
 * {@code errors.dead.letter.queue.topic.name} is set as well for Streams' own checks.
 *
 * <p>A registry outage is not bad data: the handler answers FAIL, the stream thread is replaced
 * and the record is retried from the last commit instead of being dead-lettered.
 */
public final class DeadLetterExceptionHandler implements ProcessingExceptionHandler, DeserializationExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);
  /** Config key under which the topology passes the topic prefix to this handler. */
  public static final String TOPIC_PREFIX_CONFIG = "ticketflow.dlq.topic.prefix";
  /** Config key under which the topology passes {@code dlq.max-value-bytes}. */
  public static final String MAX_VALUE_BYTES_CONFIG = "ticketflow.dlq.max.value.bytes";
  /** Config key under which the application passes its {@link PipelineMetrics} (optional). */
  public static final String METRICS_CONFIG = "ticketflow.dlq.metrics";

  private String dlqTopic;
  private String auditTopic;
  private Serializer<DeadLetter> deadLetters;
  private Serializer<AuditRecord> audits;
  private PipelineMetrics metrics;
  private int maxValueBytes = Integer.MAX_VALUE;

  @Override
  public void configure(Map<String, ?> configs) {
    Object prefix = configs.get(TOPIC_PREFIX_CONFIG);
    String p = prefix == null ? Topics.DEFAULT_PREFIX : prefix.toString();
    dlqTopic = p + Topics.DLQ;
    auditTopic = p + Topics.AUDIT;
    deadLetters = AvroSerde.of(DeadLetter.class, configs).serializer();
    audits = AvroSerde.of(AuditRecord.class, configs).serializer();
    metrics = configs.get(METRICS_CONFIG) instanceof PipelineMetrics m ? m : null;
    Object max = configs.get(MAX_VALUE_BYTES_CONFIG);
    if (max != null) {
      maxValueBytes = Integer.parseInt(max.toString());
    }
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                         Exception exception) {
    if (isOutage(exception)) {
      LOG.error("Schema registry unavailable while processing {}-{}@{}; failing so the record is retried",
          context.topic(), context.partition(), context.offset(), exception);
      return ProcessingExceptionHandler.Response.fail();
    }
    LOG.error("Stage {} failed on {}-{}@{}; dead-lettering the record", context.processorNodeId(),
        context.topic(), context.partition(), context.offset(), exception);
    return ProcessingExceptionHandler.Response.resume(records(context, DeadLetterReason.PROCESSING_FAILED, exception));
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                              ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (isOutage(exception)) {
      return DeserializationExceptionHandler.Response.fail();
    }
    LOG.warn("Undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
        exception.getMessage());
    return DeserializationExceptionHandler.Response.resume(
        records(context, DeadLetterReason.DESERIALIZATION_FAILED, exception));
  }

  private static boolean isOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AvroSerdeException a && a.reason() == AvroSerdeException.Reason.REGISTRY_ERROR) {
        return true;
      }
    }
    return false;
  }

  List<ProducerRecord<byte[], byte[]>> records(ErrorHandlerContext context, DeadLetterReason reason,
                                               Exception exception) {
    long now = System.currentTimeMillis();
    Origin origin = new Origin(context.topic(), context.partition(), context.offset(),
        context.sourceRawKey(), context.sourceRawValue(), context.timestamp());
    String message = exception.getClass().getSimpleName() + " in " + context.processorNodeId() + ": "
        + exception.getMessage();
    DeadLetter dl = RouteRecords.deadLetter(origin, null, reason, message, now, maxValueBytes);
    AuditRecord audit = AuditRecord.newBuilder()
        .setInquiryId(origin.id())
        .setRoute(Route.DEAD_LETTER)
        .setReason(reason.name())
        .setDetail(message)
        .setProcessedAt(Instant.ofEpochMilli(now))
        .setProcessorVersion(ProcessorVersion.get())
        .build();
    if (metrics != null) {
      metrics.deadLettered(reason.name(), origin.topic());
      metrics.routed(Route.DEAD_LETTER.name());
    }
    byte[] key = origin.id().getBytes(StandardCharsets.UTF_8);
    return List.of(
        new ProducerRecord<>(dlqTopic, null, key, deadLetters.serialize(dlqTopic, dl)),
        new ProducerRecord<>(auditTopic, null, key, audits.serialize(auditTopic, audit)));
  }
}
