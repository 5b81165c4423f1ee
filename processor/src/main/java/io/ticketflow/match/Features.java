package io.ticketflow.match;

import java.util.Arrays;
import java.util.List;

/**
 * The feature vectors of the two fitted models. The ranker sees one candidate's {@link Signals};
 * the acceptor sees the best candidate's signals plus the ranker's probability for it and its lead
 * over the runner-up. Interactions with the routed model ({@code han*}) keep a separate cosine
 * scale per model: bge-zh and bge-en cosines are not comparable.
 */
public final class Features {

  public static final List<String> RANKER = List.of("bm25Sat", "bm25Rel", "maxCos",
      "top3Cos", "centroidCos", "cosMargin", "vote", "probe", "gramProbe", "languageAgrees", "han",
      "hanMaxCos", "hanCosMargin");

  public static final List<String> ACCEPTOR = concat(RANKER, List.of("rankProbability", "rankLead"));

  private Features() {}

  /**
   * The features a model for inquiries scored with {@code classifiers} must not use: their values
   * are the uniform placeholder ({@link Signals#probe}), which says nothing about the candidate but,
   * read by a model fitted with real classifiers, would lower every confidence.
   */
  public static List<String> unavailable(Signals.Classifiers classifiers) {
    return switch (classifiers) {
      case BOTH, OTHER_LANGUAGE -> List.of();
      case EMBEDDING_ONLY -> List.of("gramProbe");
      case NONE -> List.of("probe", "gramProbe");
    };
  }

  /**
   * {@code x} (of the features {@code names}: a feature vector, or a model's weights) with the
   * features in {@code dropped} set to 0.
   */
  static double[] without(double[] x, List<String> names, List<String> dropped) {
    if (dropped.isEmpty()) {
      return x;
    }
    double[] out = x.clone();
    for (String name : dropped) {
      out[names.indexOf(name)] = 0;
    }
    return out;
  }

  /**
   * Which ranker weights must stay non-negative: every similarity signal, the Chinese model's extra
   * slopes included (a negative {@code hanMaxCos} weight would let a higher cosine lower a Chinese
   * inquiry's score), but not the per-model shift {@code han} (constant within an inquiry) nor
   * {@code languageAgrees}: bge-zh scores a Chinese inquiry higher against Chinese wordings than
   * against English ones that say the same, so among one inquiry's candidates an English entry's
   * cosine has to be read on a lower scale, which a negative weight on agreement expresses.
   */
  public static boolean[] rankerNonNegative() {
    return nonNegativeExcept(RANKER, "han", "languageAgrees");
  }

  /**
   * Which acceptor weights must stay non-negative: all but the per-model shift {@code han}. Unlike
   * the ranker's, the acceptor's weight on language agreement is kept non-negative: an answer in
   * another language than the inquiry's is never more certain than the same evidence in its own.
   */
  public static boolean[] acceptorNonNegative() {
    return nonNegativeExcept(ACCEPTOR, "han");
  }

  private static boolean[] nonNegativeExcept(List<String> names, String... free) {
    boolean[] out = new boolean[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = !List.of(free).contains(names.get(i));
    }
    return out;
  }

  public static double[] ranker(Signals s) {
    double han = s.han() ? 1 : 0;
    return new double[] {
        LexicalFaqMatcher.saturate(s.bm25()),
        s.bm25Rel(),
        s.maxCos(),
        s.top3Cos(),
        s.centroidCos(),
        s.cosMargin(),
        s.vote(),
        s.probe(),
        s.gramProbe(),
        s.languageAgrees() ? 1 : 0,
        han,
        han * s.maxCos(),
        han * s.cosMargin(),
    };
  }

  public static double[] acceptor(Signals s, double rankProbability, double rankLead) {
    double[] r = ranker(s);
    double[] out = Arrays.copyOf(r, r.length + 2);
    out[r.length] = rankProbability;
    out[r.length + 1] = rankLead;
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
