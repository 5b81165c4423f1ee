package io.ticketflow.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks the answer threshold on validation outcomes: the lowest confidence at which at most
 * {@code targetFalseAcceptRate} of the out-of-scope inquiries would be answered. Without any
 * out-of-scope inquiry, the in-scope ones whose best candidate is wrong stand in for them (a wrong
 * answer is the thing to avoid either way).
 */
public final class AnswerThreshold {

  /** One validation inquiry's best confidence and whether answering it would be right. */
  public record Outcome(double confidence, boolean correct, boolean outOfScope) {}

  private AnswerThreshold() {}

  public static double pick(List<Outcome> outcomes, double targetFalseAcceptRate) {
    List<Double> negatives = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (o.outOfScope()) {
        negatives.add(o.confidence());
      }
    }
    if (negatives.isEmpty()) {
      for (Outcome o : outcomes) {
        if (!o.correct()) {
          negatives.add(o.confidence());
        }
      }
    }
    if (negatives.isEmpty()) {
      return 0.0;
    }
    negatives.sort((a, b) -> Double.compare(b, a));
    int allowed = (int) Math.floor(targetFalseAcceptRate * negatives.size());
    if (allowed >= negatives.size()) {
      return 0.0;
    }
    // Answer when confidence >= threshold: sit just above the first negative we may not accept.
    return Math.min(1.0, Math.nextUp(negatives.get(allowed)));
  }
}
