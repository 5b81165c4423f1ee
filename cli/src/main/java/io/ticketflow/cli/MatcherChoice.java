package io.ticketflow.cli;

import io.ticketflow.match.Calibration;
import io.ticketflow.match.FaqLibrary;
import io.ticketflow.match.HybridFaqMatcher;
import io.ticketflow.match.LexicalFaqMatcher;
import io.ticketflow.match.NormalizedExactMatcher;
import io.ticketflow.match.SemanticFaqMatcher;
import io.ticketflow.match.SignalMatcher;
import java.util.List;

/**
 * The matchers {@code eval} can run; each builds only the index it needs. {@code all} runs the
 * four side by side, the semantic and hybrid matchers sharing one embedded index.
 */
enum MatcherChoice {
  EXACT, LEXICAL, SEMANTIC, HYBRID, ALL;

  /** @param classifiers whether the FAQ's embedding spaces train entry classifiers */
  List<SignalMatcher> build(Calibration calibration, boolean classifiers) {
    return switch (this) {
      case EXACT -> List.of(new NormalizedExactMatcher(FaqLibrary.exactOnly()));
      case LEXICAL -> List.of(new LexicalFaqMatcher(FaqLibrary.lexicalOnly()));
      case SEMANTIC -> List.of(new SemanticFaqMatcher(full(classifiers)));
      case HYBRID -> List.of(new HybridFaqMatcher(full(classifiers), calibration));
      case ALL -> {
        FaqLibrary full = full(classifiers);
        yield List.of(new NormalizedExactMatcher(FaqLibrary.exactOnly()),
            new LexicalFaqMatcher(FaqLibrary.lexicalOnly()), new SemanticFaqMatcher(full),
            new HybridFaqMatcher(full, calibration));
      }
    };
  }

  private static FaqLibrary full(boolean classifiers) {
    return classifiers ? FaqLibrary.full() : FaqLibrary.full().withoutClassifiers();
  }
}
