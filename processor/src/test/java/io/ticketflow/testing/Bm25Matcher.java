package io.ticketflow.testing;

import io.ticketflow.match.FaqLibrary;
import io.ticketflow.match.SignalMatcher;
import io.ticketflow.match.Signals;

/**
 * A matcher for tests that need the whole match path but no model: BM25 only, the confidence is a
 * candidate's BM25 over the inquiry's best. Tests subclass it to watch matches and warm-ups.
 */
public class Bm25Matcher extends SignalMatcher {

  public Bm25Matcher(FaqLibrary library) {
    super(library);
  }

  @Override
  protected double score(Signals s) {
    return s.bm25Rel();
  }

  @Override
  public String name() {
    return "bm25";
  }
}
