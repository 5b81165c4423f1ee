package io.ticketflow.match;

/** Answers only when the normalized inquiry equals a normalized question or alternate (confidence 1). */
public final class NormalizedExactMatcher extends SignalMatcher {

  public NormalizedExactMatcher(FaqLibrary library) {
    super(library);
  }

  @Override
  protected boolean eligible(Signals s) {
    return s.exact();
  }

  @Override
  protected double score(Signals s) {
    return 1.0;
  }

  @Override
  public String name() {
    return "exact";
  }
}
