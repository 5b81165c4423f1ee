package io.ticketflow.match;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of matching one inquiry: candidates best first (possibly empty), which matcher
 * produced them, and how long it took.
 */
public record MatchResult(List<FaqCandidate> candidates, String matcher, long micros) {
  public MatchResult {
    candidates = List.copyOf(candidates);
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
