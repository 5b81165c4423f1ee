package io.ticketflow.validate;

import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.WorkItem;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Stage 2: applies {@link InquiryValidator} to undecided items. */
public final class ValidateProcessor implements FixedKeyProcessor<String, WorkItem, WorkItem> {
  public static final String STAGE = "validate";
  private final InquiryValidator validator;
  private final PipelineMetrics metrics;
  private FixedKeyProcessorContext<String, WorkItem> context;

  public ValidateProcessor(InquiryValidator validator, PipelineMetrics metrics) {
    this.validator = validator;
    this.metrics = metrics;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, WorkItem> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, WorkItem> record) {
    WorkItem item = record.value();
    if (item.decided()) {
      context.forward(record);
      return;
    }
    long start = System.nanoTime();
    Optional<? extends io.ticketflow.route.Outcome> rejected = validator.check(item.inquiry());
    WorkItem next = rejected.isPresent() ? item.withOutcome(rejected.get()) : item;
    long micros = (System.nanoTime() - start) / 1_000;
    metrics.stage(STAGE, micros);
    context.forward(record.withValue(next.withStage(STAGE, micros)));
  }
}
