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
      "top3Cos", "centroidCos", "cosMargin", "vote", "languageAgrees", "han", "hanMaxCos",
      "hanCosMargin");

  public static final List<String> ACCEPTOR = concat(RANKER, List.of("rankProbability", "rankLead"));

  private Features() {}

  /**
   * Which weights must stay non-negative: every similarity signal, the Chinese model's extra slopes
   * included (a negative {@code hanMaxCos} weight would let a higher cosine lower a Chinese
   * inquiry's score), but not the per-model shift {@code han}.
   */
  public static boolean[] monotone(List<String> names) {
    boolean[] out = new boolean[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = !names.get(i).equals("han");
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
