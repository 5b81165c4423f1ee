package io.ticketflow.match;

/**
 * What the index says about one candidate entry for one inquiry. Cosines are in the routed
 * model's space; {@code cosMargin} is this entry's best cosine minus the best other entry's.
 *
 * @param bm25Rel this entry's BM25 over the best BM25 of the inquiry (0 without a lexical hit)
 * @param vote share of the inquiry's 10 nearest wordings that belong to this entry
 * @param probe the FAQ-trained embedding classifier's log-probability of this entry among the inquiry's
 *     candidates ({@link EntryClassifier}; the uniform −log n for entries it does not know, and for
 *     all candidates where the space has none), at least {@link #PROBE_FLOOR}
 * @param gramProbe the same from the classifier over the wordings' character n-grams
 * @param han whether the inquiry was routed to the Chinese model
 * @param classifiers which of the space's entry classifiers {@code probe} and {@code gramProbe} came
 *     from, for the inquiry as a whole; the calibration scores it with the models fitted for that case
 */
public record Signals(String faqId, boolean exact, double bm25, double bm25Rel, double maxCos,
    double top3Cos, double centroidCos, double cosMargin, double vote, double probe, double gramProbe,
    boolean languageAgrees, boolean han, Classifiers classifiers) {

  /** The lowest probe: a log-probability below it says nothing more. */
  public static final double PROBE_FLOOR = -10;

  /**
   * Which entry classifiers the inquiry's embedding space had when it was matched. A space has none
   * above {@link EntryClassifier#MAX_ENTRIES} entries, below two entries in its own language, and
   * while its classifiers are being trained after a change; it has no n-gram classifier when the
   * FAQ's vocabulary is too large ({@link EntryClassifier#MAX_GRAM_WEIGHTS}).
   */
  public enum Classifiers {
    /** Both: the classifiers' signals are real for the candidates in the space's language. */
    BOTH,
    /** The embedding classifier only: {@code gramProbe} is the uniform value. */
    EMBEDDING_ONLY,
    /** None: both are the uniform value. */
    NONE,
    /**
     * Not both, but no candidate is in the space's language, so that the classifiers would not have
     * known any of them either: a cross-lingual inquiry, such as the main models were fitted with.
     */
    OTHER_LANGUAGE;

    /** Whether the calibration's main models score such an inquiry. */
    public boolean scoredByMainModels() {
      return this == BOTH || this == OTHER_LANGUAGE;
    }
  }
}
