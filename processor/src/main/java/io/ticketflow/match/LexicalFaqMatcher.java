package io.ticketflow.match;

/**
 * Ranks by BM25 (exact wordings first). BM25 is unbounded, so the confidence is the saturating
 * {@code bm25 / (bm25 + 5)}: monotone, in [0, 1), and 0.5 at a score of 5 (about two rare shared
 * terms on these short texts); the threshold is fitted on validation data like every other.
 */
public final class LexicalFaqMatcher extends SignalMatcher {

  private static final double HALF_SCORE = 5.0;

  public LexicalFaqMatcher(FaqLibrary library) {
    super(library);
  }

  static double saturate(double bm25) {
    return bm25 <= 0 ? 0 : bm25 / (bm25 + HALF_SCORE);
  }

  @Override
  protected boolean eligible(Signals s) {
    return s.exact() || s.bm25() > 0;
  }

  @Override
  protected double score(Signals s) {
    return s.exact() ? 1.0 : saturate(s.bm25());
  }

  @Override
  public String name() {
    return "lexical";
  }
}
