package io.ticketflow.match;

/**
 * The one place that picks the matcher the applications run ({@code run}, {@code demo}): swap the
 * implementation here and every entry point follows.
 */
public final class Matchers {
  private Matchers() {}

  /**
   * The hybrid matcher (exact, BM25 and embeddings fused by the shipped calibration), on a
   * {@link FaqLibrary#serving() serving} library. The calibration's own answer threshold (0.68,
   * picked for 5 % false accepts on its fitting data) is what {@code eval} uses; the processor
   * answers at {@code match.answer-threshold}, whose default 0.8 is stricter: on CLINC150 full
   * 88.2 % answered rightly at 8.8 % false accepts, against 91.3 % at 15.3 % (docs/quality.md).
   */
  public static FaqMatcher defaultMatcher() {
    return new HybridFaqMatcher(FaqLibrary.serving(), Calibration.loadDefault());
  }
}
