package io.ticketflow.feedback;

import io.ticketflow.decode.Decoder;
import io.ticketflow.decode.Origins;
import io.ticketflow.dedupe.RetentionSweeper;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.Origin;
import io.ticketflow.route.Outcome;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Feedback;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 8: decodes a feedback record and joins it with the remembered outcome of its inquiry.
 * Undecodable feedback and feedback for an inquiry this processor never decided (or forgot after
 * the retention) become dead letters.
 */
public final class FeedbackJoinProcessor implements FixedKeyProcessor<String, byte[], FeedbackItem> {
  private final String storeName;
  private final Duration retention;
  private final Decoder<Feedback> decoder;
  private final PipelineMetrics metrics;
  private FixedKeyProcessorContext<String, FeedbackItem> context;
  private KeyValueStore<String, String> outcomes;

  public FeedbackJoinProcessor(String storeName, Duration retention, Decoder<Feedback> decoder, PipelineMetrics metrics) {
    this.storeName = storeName;
    this.retention = retention;
    this.decoder = decoder;
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, FeedbackItem> context) {
    this.context = context;
    this.outcomes = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    Origin origin = Origins.of(context, record);
    Decoder.Result<Feedback> decoded = decoder.decode(origin.topic(), record.value());
    FeedbackItem item;
    if (!decoded.ok()) {
      item = new FeedbackItem(origin, null, null,
          new Outcome.DeadLettered(DeadLetterReason.DESERIALIZATION_FAILED, decoded.error()));
      metrics.feedback("undecodable");
    } else {
      Feedback fb = decoded.value();
      RememberedOutcome outcome = lookup(fb.getInquiryId(), RetentionSweeper.notAhead(record.timestamp(), context));
      if (outcome == null) {
        item = new FeedbackItem(origin, fb, null, new Outcome.DeadLettered(DeadLetterReason.UNKNOWN_INQUIRY,
            "feedback " + fb.getFeedbackId() + " names inquiry " + fb.getInquiryId()
                + ", which was not decided here within the retention"));
        metrics.feedback("unknown-inquiry");
      } else {
        item = new FeedbackItem(origin, fb, outcome, null);
        metrics.feedback("joined");
      }
    }
    context.forward(record.withValue(item));
  }

  private RememberedOutcome lookup(String inquiryId, long ts) {
    if (inquiryId == null || inquiryId.isBlank()) {
      return null;
    }
    String stored = outcomes.get(inquiryId);
    RememberedOutcome outcome = stored == null ? null : RememberedOutcome.decode(stored);
    return outcome == null || !outcome.decided() || outcome.decidedAt() < ts - retention.toMillis() ? null : outcome;
  }
}
