package io.ticketflow.decode;

import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.ops.ProcessorVersion;
import io.ticketflow.route.Origin;
import io.ticketflow.route.WorkItem;
import io.ticketflow.route.RouteRecords;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Route;
import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.serde.AvroSerde;
import io.ticketflow.schema.serde.AvroSerdeConfig;
import io.ticketflow.schema.serde.AvroSerdeException;
import io.ticketflow.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
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
 * <p>It is the production exception handler too: an output that cannot be produced (too large,
 * refused by its serializer, refused by the broker as invalid) dead-letters the input it came
 * from with reason PRODUCTION_FAILED; the other outputs of that input (its audit record) are
 * produced as usual. Under exactly-once an oversized value is caught by
 * {@link io.ticketflow.route.SizeCappedSerializer} before the producer sees it.
 *
 * <p>A registry outage is not bad data: the handler answers FAIL, the stream thread is replaced
 * and the record is retried from the last commit instead of being dead-lettered. So do errors
 * that are not about one record (authorization, fencing, timeouts that Streams did not retry):
 * those are infrastructure and keep failing the thread.
 */
public final class DeadLetterExceptionHandler
    implements ProcessingExceptionHandler, DeserializationExceptionHandler, ProductionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);
  /** Config key under which the topology passes the topic prefix to this handler. */
  public static final String TOPIC_PREFIX_CONFIG = "ticketflow.dlq.topic.prefix";
  /** Config key under which the topology passes {@code dlq.max-value-bytes}. */
  public static final String MAX_VALUE_BYTES_CONFIG = "ticketflow.dlq.max.value.bytes";
  /** Config key under which the application passes its {@link PipelineMetrics} (optional). */
  public static final String METRICS_CONFIG = "ticketflow.dlq.metrics";
  /** Config key under which the application passes its {@link SchemaRegistryClient} (optional). */
  public static final String REGISTRY_CONFIG = "ticketflow.dlq.registry";

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
    // Streams configures a handler for every task it creates. The application's client spares each
    // one HTTP clients of its own, and its cached schema ids keep dead letters flowing while the
    // registry is down: a client of the handler's own would have to ask the registry first.
    SchemaRegistryClient registry = configs.get(REGISTRY_CONFIG) instanceof SchemaRegistryClient r ? r
        : new AvroSerdeConfig(configs).createClient();
    deadLetters = AvroSerde.of(DeadLetter.class, registry, configs, false).serializer();
    audits = AvroSerde.of(AuditRecord.class, registry, configs, false).serializer();
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
    return ProcessingExceptionHandler.Response.resume(records(context, record == null ? null : record.value(),
        DeadLetterReason.PROCESSING_FAILED, exception));
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
        records(context, null, DeadLetterReason.DESERIALIZATION_FAILED, exception));
  }

  @Override
  public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                         ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (!(exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException
        || exception instanceof InvalidRecordException)) {
      LOG.error("Producing to {} failed for {}-{}@{}; failing", record.topic(), context.topic(), context.partition(),
          context.offset(), exception);
      return ProductionExceptionHandler.Response.fail();
    }
    return productionFailed(context, record.topic(), exception);
  }

  @Override
  public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
      @SuppressWarnings("rawtypes") ProducerRecord record, Exception exception,
      ProductionExceptionHandler.SerializationExceptionOrigin origin) {
    if (isOutage(exception)) {
      LOG.error("Schema registry unavailable while serializing for {}; failing so the record is retried",
          record.topic(), exception);
      return ProductionExceptionHandler.Response.fail();
    }
    return productionFailed(context, record.topic(), exception);
  }

  private ProductionExceptionHandler.Response productionFailed(ErrorHandlerContext context, String topic,
                                                               Exception exception) {
    if (dlqTopic.equals(topic)) {
      // A dead letter that cannot be produced cannot be dead-lettered in turn: log it with the
      // source position (the input stays on its topic) and count it.
      LOG.error("Dead letter for {}-{}@{} could not be produced; skipping it", context.topic(), context.partition(),
          context.offset(), exception);
      if (metrics != null) {
        metrics.deadLettered("DEAD_LETTER_FAILED", String.valueOf(context.topic()));
      }
      return ProductionExceptionHandler.Response.resume();
    }
    LOG.error("Output to {} for {}-{}@{} cannot be produced; dead-lettering the input", topic, context.topic(),
        context.partition(), context.offset(), exception);
    long now = System.currentTimeMillis();
    Origin origin = origin(context, null);
    String message = exception.getClass().getSimpleName() + " producing to " + topic + ": " + exception.getMessage();
    DeadLetter dl = RouteRecords.deadLetter(origin, null, DeadLetterReason.PRODUCTION_FAILED, message, now,
        maxValueBytes);
    if (metrics != null) {
      metrics.deadLettered(DeadLetterReason.PRODUCTION_FAILED.name(), origin.topic());
    }
    return ProductionExceptionHandler.Response.resume(List.of(new ProducerRecord<>(dlqTopic, null,
        origin.id().getBytes(StandardCharsets.UTF_8), deadLetters.serialize(dlqTopic, dl))));
  }

  /**
   * The input being processed. In a punctuation (no input record: no topic, offset -1) it is the
   * input of the work item being processed, which a punctuator forwarded (an LLM outcome), so that
   * its dead letter names and keys the inquiry; failing that, a position of its own, so that two
   * such dead letters never share a key (the sink upserts by it).
   */
  static Origin origin(ErrorHandlerContext context, Object value) {
    if (context.topic() != null && context.offset() >= 0) {
      return new Origin(context.topic(), context.partition(), context.offset(), context.sourceRawKey(),
          context.sourceRawValue(), context.timestamp());
    }
    if (value instanceof WorkItem item && item.origin() != null) {
      return item.origin();
    }
    return new Origin("punctuation-" + context.taskId() + "-" + UUID.randomUUID(), context.partition(),
        context.offset(), context.sourceRawKey(), context.sourceRawValue(), context.timestamp());
  }

  private static boolean isOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AvroSerdeException a && a.reason() == AvroSerdeException.Reason.REGISTRY_ERROR) {
        return true;
      }
    }
    return false;
  }

  List<ProducerRecord<byte[], byte[]>> records(ErrorHandlerContext context, Object value, DeadLetterReason reason,
                                               Exception exception) {
    long now = System.currentTimeMillis();
    Origin origin = origin(context, value);
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
