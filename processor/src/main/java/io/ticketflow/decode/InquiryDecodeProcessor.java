package io.ticketflow.decode;

import io.micrometer.core.instrument.Timer;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.Origin;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.PassedHeaders;
import io.ticketflow.route.WorkItem;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Inquiry;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 1, decode. Inquiries are read as bytes and decoded here rather than by the source's
 * serde, because an undecodable inquiry must produce two records in the same transaction: a
 * {@code DeadLetter} and an audit record. Streams' KIP-1034 deserialization handler can return
 * dead-letter records too, but it runs outside the topology, so the audit record, the metrics and
 * the TopologyTestDriver tests would all live in a second code path; here a failure is just a
 * {@link WorkItem} with an outcome, routed like every other. Keys are read as bytes too, so a
 * dead letter keeps a key that is not UTF-8 as it was ({@link Origins}).
 */
public final class InquiryDecodeProcessor implements Processor<byte[], byte[], String, WorkItem> {
  public static final String STAGE = "decode";
  private final Decoder<Inquiry> decoder;
  private final Timer timer;
  private final KeyCheck keys;
  private ProcessorContext<String, WorkItem> context;

  public InquiryDecodeProcessor(Decoder<Inquiry> decoder, PipelineMetrics metrics) {
    this.decoder = decoder;
    this.timer = metrics.stageTimer(STAGE);
    this.keys = new KeyCheck(metrics);
  }

  @Override
  public void init(ProcessorContext<String, WorkItem> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    long start = System.nanoTime();
    Origin origin = Origins.of(context, record);
    Decoder.Result<Inquiry> result = decoder.decode(origin.topic(), record.value());
    WorkItem item = result.ok()
        ? WorkItem.decoded(origin, result.value())
        : WorkItem.failed(origin, new Outcome.DeadLettered(DeadLetterReason.DESERIALIZATION_FAILED, result.error()));
    String key = Origins.streamKey(record.key());
    if (result.ok()) {
      keys.check(key, result.value().getConversationId(), origin.topic());
    }
    long micros = (System.nanoTime() - start) / 1_000;
    timer.record(micros, TimeUnit.MICROSECONDS);
    context.forward(record.withKey(key).withValue(item.withStage(STAGE, micros)).withHeaders(PassedHeaders.of(record.headers())));
  }
}
