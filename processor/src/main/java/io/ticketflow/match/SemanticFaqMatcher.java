package io.ticketflow.match;

/**
 * Plain embedding nearest neighbour: an entry scores the best cosine between the inquiry and any
 * of its wordings, in the model the inquiry's script routes to (exact wordings first).
 */
public final class SemanticFaqMatcher extends SignalMatcher {

  public SemanticFaqMatcher(FaqLibrary library) {
    super(library);
  }

  @Override
  protected boolean eligible(Signals s) {
    return s.exact() || s.maxCos() > 0;
  }

  @Override
  protected double score(Signals s) {
    return s.exact() ? 1.0 : s.maxCos();
  }

  @Override
  public String name() {
    return "semantic";
  }
}
