package io.ticketflow.validate;

import io.ticketflow.route.StageProcessor;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.WorkItem;
import java.util.Optional;

/** Stage 2: applies {@link InquiryValidator} to undecided items. */
public final class ValidateProcessor extends StageProcessor {
  public static final String STAGE = "validate";
  private final InquiryValidator validator;

  public ValidateProcessor(InquiryValidator validator, PipelineMetrics metrics) {
    super(STAGE, metrics);
    this.validator = validator;
  }

  @Override
  protected WorkItem apply(WorkItem item, long recordTimestamp) {
    Optional<? extends io.ticketflow.route.Outcome> rejected = validator.check(item.inquiry());
    return rejected.isPresent() ? item.withOutcome(rejected.get()) : item;
  }
}
