package io.ticketflow.match;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that picks the matcher the applications run ({@code run}, {@code demo}): swap the
 * implementation here and every entry point follows.
 */
public final class Matchers {
  private static final Logger LOG = LoggerFactory.getLogger(Matchers.class);

  private Matchers() {}

  /**
   * The hybrid matcher (exact, BM25 and embeddings fused by a calibration: the shipped default, or
   * a company's own from {@code ticketflow calibrate}, configured as {@code match.calibration}), on
   * a {@link FaqLibrary#serving() serving} library. The calibration's own answer threshold (the
   * default's is 0.72, picked for 5 % false accepts on its fitting data) is what {@code eval} uses;
   * the processor answers at {@code match.answer-threshold}, whose default 0.8 is stricter: on
   * CLINC150 full 93.0 % answered rightly at 11.2 % false accepts, against 94.0 % at 15.9 %
   * (docs/quality.md).
   */
  public static FaqMatcher hybrid(Calibration calibration) {
    LOG.info("FAQ matcher: hybrid, calibration {}", calibration.version());
    return new HybridFaqMatcher(FaqLibrary.serving(), calibration);
  }
}
