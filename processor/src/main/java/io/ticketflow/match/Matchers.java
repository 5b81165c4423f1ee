package io.ticketflow.match;

/**
 * The one place that picks the matcher the applications run ({@code run}, {@code demo}): swap the
 * implementation here and every entry point follows.
 */
public final class Matchers {
  private Matchers() {}

  /**
   * The hybrid matcher (exact, BM25 and embeddings fused by the shipped calibration, whose answer
   * threshold, 0.81, is what {@code match.answer-threshold}'s default 0.8 stands for), on a
   * {@link FaqLibrary#serving() serving} library.
   */
  public static FaqMatcher defaultMatcher() {
    return new HybridFaqMatcher(FaqLibrary.serving(), Calibration.loadDefault());
  }
}
