package io.ticketflow.feedback;

import io.ticketflow.decode.Decoder;
import io.ticketflow.decode.KeyCheck;
import io.ticketflow.decode.Origins;
import io.ticketflow.dedupe.RetentionSweeper;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.Origin;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.PassedHeaders;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Feedback;
import io.ticketflow.validate.InquiryValidator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 8: decodes a feedback record and joins it with the remembered outcome of its inquiry.
 * Undecodable or invalid feedback, and feedback for an inquiry this processor never decided (or
 * forgot after the retention, or decided for another tenant), become dead letters. The feedback
 * counted is remembered beside the outcome ({@link CountedFeedback}), so a redelivered feedback
 * record is not counted twice.
 */
public final class FeedbackJoinProcessor implements Processor<byte[], byte[], String, FeedbackItem> {
  private final String storeName;
  private final Duration retention;
  private final Decoder<Feedback> decoder;
  private final PipelineMetrics metrics;
  private final KeyCheck keys;
  private ProcessorContext<String, FeedbackItem> context;
  private KeyValueStore<String, String> outcomes;

  public FeedbackJoinProcessor(String storeName, Duration retention, Decoder<Feedback> decoder, PipelineMetrics metrics) {
    this.storeName = storeName;
    this.retention = retention;
    this.decoder = decoder;
    this.metrics = metrics;
    this.keys = new KeyCheck(metrics);
  }

  @Override
  public void init(ProcessorContext<String, FeedbackItem> context) {
    this.context = context;
    this.outcomes = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    Origin origin = Origins.of(context, record);
    Decoder.Result<Feedback> decoded = decoder.decode(origin.topic(), record.value());
    String key = Origins.streamKey(record.key());
    FeedbackItem item;
    if (!decoded.ok()) {
      item = failed(origin, null, DeadLetterReason.DESERIALIZATION_FAILED, decoded.error(), "undecodable");
    } else {
      keys.check(key, decoded.value().getConversationId(), origin.topic());
      item = join(origin, decoded.value(), RetentionSweeper.notAhead(record.timestamp(), context));
    }
    context.forward(record.withKey(key).withValue(item).withHeaders(PassedHeaders.of(record.headers())));
  }

  private FeedbackItem join(Origin origin, Feedback fb, long now) {
    Optional<Outcome.Rejected> invalid = invalid(fb);
    if (invalid.isPresent()) {
      return failed(origin, fb, invalid.get().reason(), "feedback " + fb.getFeedbackId() + ": "
          + invalid.get().message(), "invalid");
    }
    String inquiryId = fb.getInquiryId();
    RememberedOutcome outcome = lookup(inquiryId, now);
    String unknown = outcome == null ? ", which was not decided here within the retention"
        : !outcome.decided() ? ", which is not decided yet (its answer is pending); send the feedback again once"
            + " the reply is out"
        : fb.getTenantId() != null && outcome.tenantId() != null && !outcome.tenantId().equals(fb.getTenantId())
            ? " of another tenant than its own (" + fb.getTenantId() + ")"
        : null;
    if (unknown != null) {
      return failed(origin, fb, DeadLetterReason.UNKNOWN_INQUIRY,
          "feedback " + fb.getFeedbackId() + " names inquiry " + inquiryId + unknown, "unknown-inquiry");
    }
    String countedKey = CountedFeedback.key(inquiryId);
    List<String> counted = CountedFeedback.decode(outcomes.get(countedKey));
    if (counted.contains(fb.getFeedbackId())) {
      metrics.feedback("repeated");
      return new FeedbackItem(origin, fb, outcome, null, true);
    }
    outcomes.put(countedKey, CountedFeedback.encode(counted, fb.getFeedbackId(), outcome));
    metrics.feedback("joined");
    return new FeedbackItem(origin, fb, outcome, null, false);
  }

  private FeedbackItem failed(Origin origin, Feedback fb, DeadLetterReason reason, String message, String result) {
    metrics.feedback(result);
    return new FeedbackItem(origin, fb, null, new Outcome.DeadLettered(reason, message), false);
  }

  /**
   * Why feedback cannot be counted: a blank feedbackId or inquiryId (MISSING_FIELD), ids that are
   * no ids ({@link InquiryValidator#idProblem}), a rating outside 1 to 5 (OTHER).
   */
  static Optional<Outcome.Rejected> invalid(Feedback fb) {
    for (String[] field : new String[][] {{"feedbackId", fb.getFeedbackId()}, {"inquiryId", fb.getInquiryId()}}) {
      if (InquiryValidator.isBlank(field[1])) {
        return Optional.of(new Outcome.Rejected(DeadLetterReason.MISSING_FIELD, field[0] + " is missing or blank"));
      }
    }
    for (String[] field : new String[][] {{"feedbackId", fb.getFeedbackId()}, {"inquiryId", fb.getInquiryId()},
        {"conversationId", fb.getConversationId()}, {"tenantId", fb.getTenantId()}}) {
      Optional<Outcome.Rejected> problem = InquiryValidator.idProblem(field[0], field[1]);
      if (problem.isPresent()) {
        return problem;
      }
    }
    Integer rating = fb.getRating();
    if (rating != null && (rating < 1 || rating > 5)) {
      return Optional.of(new Outcome.Rejected(DeadLetterReason.OTHER, "rating " + rating + " is outside 1 to 5"));
    }
    return Optional.empty();
  }

  /** The inquiry's remembered outcome, if it is there and not expired (undecided ones included). */
  private RememberedOutcome lookup(String inquiryId, long ts) {
    String stored = outcomes.get(inquiryId);
    RememberedOutcome outcome = stored == null ? null : RememberedOutcome.decode(stored);
    return outcome == null || outcome.decidedAt() < ts - retention.toMillis() ? null : outcome;
  }

}
