package io.ticketflow.route;

import io.ticketflow.match.MatchResult;
import io.ticketflow.schema.Inquiry;
import java.util.Map;

/**
 * One inquiry on its way through the stages: everything needed to answer it and to write its
 * audit record. Immutable; each stage returns a copy with its part filled in. {@code outcome} is
 * null until a stage decides; later stages pass decided items through unchanged.
 *
 * @param inquiry null when the record could not be decoded
 * @param stageMicros time spent per stage, in pipeline order
 * @param llm what the LLM call cost, when one was made; else null
 */
public record WorkItem(Origin origin, Inquiry inquiry, GuardReport guard, MatchResult match,
                       Outcome outcome, Map<String, Long> stageMicros, LlmUsage llm) {

  public WorkItem {
    // Immutable and cheap to extend (StageTimes), so the other withers share it as it is: this
    // runs ~10 times per inquiry on the hot path.
    stageMicros = StageTimes.copyOf(stageMicros);
  }

  public static WorkItem decoded(Origin origin, Inquiry inquiry) {
    return new WorkItem(origin, inquiry, null, null, null, Map.of(), null);
  }

  public static WorkItem failed(Origin origin, Outcome outcome) {
    return new WorkItem(origin, null, null, null, outcome, Map.of(), null);
  }

  public boolean decided() {
    return outcome != null;
  }

  public WorkItem withOutcome(Outcome decided) {
    return new WorkItem(origin, inquiry, guard, match, decided, stageMicros, llm);
  }

  public WorkItem withGuard(GuardReport report) {
    return new WorkItem(origin, inquiry, report, match, outcome, stageMicros, llm);
  }

  public WorkItem withMatch(MatchResult result) {
    return new WorkItem(origin, inquiry, guard, result, outcome, stageMicros, llm);
  }

  public WorkItem withStage(String stage, long micros) {
    return new WorkItem(origin, inquiry, guard, match, outcome, ((StageTimes) stageMicros).with(stage, micros), llm);
  }

  public WorkItem withLlm(LlmUsage usage) {
    return new WorkItem(origin, inquiry, guard, match, outcome, stageMicros, usage);
  }

  /** The inquiry's id when it was decoded and has one, else null. */
  public String inquiryId() {
    return inquiry == null || inquiry.getInquiryId() == null || inquiry.getInquiryId().isBlank()
        ? null : inquiry.getInquiryId();
  }
}
