package io.ticketflow.match;

import java.util.Objects;

/**
 * One FAQ entry proposed for an inquiry, with the matcher's confidence that it answers it.
 *
 * @param score calibrated confidence in [0, 1]
 */
public record FaqCandidate(String faqId, String question, String answer, String language, double score) {
  public FaqCandidate {
    Objects.requireNonNull(faqId, "faqId");
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], was " + score);
    }
  }
}
