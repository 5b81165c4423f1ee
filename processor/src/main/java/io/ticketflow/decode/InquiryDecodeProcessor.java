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
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Stage 1, decode. Inquiries are read as bytes and decoded here rather than by the source's
 * serde, because an undecodable inquiry must produce two records in the same transaction: a
 * {@code DeadLetter} and an audit record. Streams' KIP-1034 deserialization handler can return
 * dead-letter records too, but it runs outside the topology, so the audit record, the metrics and
 * the TopologyTestDriver tests would all live in a second code path; here a failure is just a
 * {@link WorkItem} with an outcome, routed like every other.
 */
public final class InquiryDecodeProcessor implements FixedKeyProcessor<String, byte[], WorkItem> {
  public static final String STAGE = "decode";
  private final Decoder<Inquiry> decoder;
  private final Timer timer;
  private final KeyCheck keys;
  private FixedKeyProcessorContext<String, WorkItem> context;

  public InquiryDecodeProcessor(Decoder<Inquiry> decoder, PipelineMetrics metrics) {
    this.decoder = decoder;
    this.timer = metrics.stageTimer(STAGE);
    this.keys = new KeyCheck(metrics);
  }

  @Override
  public void init(FixedKeyProcessorContext<String, WorkItem> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    long start = System.nanoTime();
    Origin origin = Origins.of(context, record);
    Decoder.Result<Inquiry> result = decoder.decode(origin.topic(), record.value());
    WorkItem item = result.ok()
        ? WorkItem.decoded(origin, result.value())
        : WorkItem.failed(origin, new Outcome.DeadLettered(DeadLetterReason.DESERIALIZATION_FAILED, result.error()));
    if (result.ok()) {
      keys.check(record.key(), result.value().getConversationId(), origin.topic());
    }
    long micros = (System.nanoTime() - start) / 1_000;
    timer.record(micros, TimeUnit.MICROSECONDS);
    context.forward(record.withValue(item.withStage(STAGE, micros)).withHeaders(PassedHeaders.of(record.headers())));
  }
}
