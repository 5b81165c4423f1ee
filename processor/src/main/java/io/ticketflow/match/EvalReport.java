package io.ticketflow.match;

import java.util.List;

/**
 * The figures of one evaluation run (DESIGN.md keys) plus the FAQ entries most often confused.
 *
 * @param top1Accuracy correct answers (at the threshold) ÷ in-scope inquiries
 * @param top1NoThreshold best candidate correct ÷ in-scope inquiries, ignoring the threshold
 * @param falseAcceptRate out-of-scope inquiries answered ÷ out-of-scope inquiries
 * @param withoutClassifiers inquiries matched without the FAQ's entry classifiers (over their size
 *     limits), so scored by the calibration's fallback models
 */
public record EvalReport(String matcher, int total, int inScope, int outOfScope, double top1Accuracy,
    double top1NoThreshold, double falseAcceptRate, double oosRecall, double answerThreshold,
    long p50Micros, long p99Micros, int withoutClassifiers, List<Confusion> worst) {

  /** An FAQ entry whose inquiries were answered wrongly or not at all. */
  public record Confusion(String expected, int inquiries, int wrong, int unanswered, String mostConfusedWith) {}

  public EvalReport {
    worst = List.copyOf(worst);
  }
}
