package io.ticketflow.match;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of matching one inquiry: candidates best first (possibly empty), which matcher
 * produced them, how long it took, and for calibrated matchers which entry classifiers the
 * inquiry's embedding space had, that is which of the calibration's models scored it (null for
 * matchers without classifiers, and when there was no candidate to score).
 */
public record MatchResult(List<FaqCandidate> candidates, String matcher, long micros,
    Signals.Classifiers classifiers) {
  public MatchResult {
    candidates = List.copyOf(candidates);
  }

  /** A result of a matcher without entry classifiers. */
  public MatchResult(List<FaqCandidate> candidates, String matcher, long micros) {
    this(candidates, matcher, micros, null);
  }

  public static MatchResult none(String matcher, long micros) {
    return new MatchResult(List.of(), matcher, micros);
  }

  public Optional<FaqCandidate> best() {
    return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
  }

  /** The best candidate's confidence, 0 when there is none. */
  public double confidence() {
    return candidates.isEmpty() ? 0.0 : candidates.get(0).score();
  }
}
