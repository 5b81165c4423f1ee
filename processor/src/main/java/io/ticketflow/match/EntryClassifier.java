package io.ticketflow.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Linear classifiers over one embedding space's FAQ entries, trained on the entries' own wordings:
 * multinomial logistic regressions whose classes are the entries. One reads the wordings' sentence
 * embeddings (a "linear probe" on the frozen model): where nearest-neighbour cosines weigh every
 * dimension alike, it learns which directions tell this FAQ's entries apart. The other reads their
 * character n-grams ({@link CharGrams}): which strings tell them apart, where the model's vectors
 * blur two close entries. Measured alone on the public sets the embedding classifier ranks better
 * than the best wording's or the centroid's cosine on all of them (docs/quality.md, "FAQ-trained
 * classifiers"); they are the ranker's {@code probe} and {@code gramProbe} signals.
 *
 * <p>To keep training linear in the number of wordings, each wording's softmax runs over its own
 * entry and the {@link #HARD} − 1 entries with the nearest centroids, which is where the ranker's
 * candidates come from anyway. Each fit is L2-regularized and minimized by L-BFGS ({@link Lbfgs})
 * from zero weights, entries in id order: the same wordings give the same classifiers. Immutable
 * once trained, so searches read it without locks.
 */
final class EntryClassifier {

  /** Entries above which a space gets no classifier (hard-entry mining is O(wordings × entries)). */
  static final int MAX_ENTRIES = 1_000;
  /**
   * Weights (entries × n-gram vocabulary) above which the n-gram classifier is left out: L-BFGS
   * keeps 16 copies of them as doubles while training (CLINC150 full: 150 × 7,086 grams).
   */
  static final int MAX_GRAM_WEIGHTS = 1_200_000;
  /** Inputs are unit vectors; scaled so that logits can span a useful range at a mild L2. */
  static final double SCALE = 20;
  static final double L2 = 1e-3;
  /** Entries in each wording's softmax: its own and the nearest others by centroid cosine. */
  static final int HARD = 15;
  static final int ITERATIONS = 100;

  /** One trained linear model: a weight row and a bias per entry. */
  private record Model(float[] weights, double[] bias, int dims) {}

  private final long version;
  private final Map<String, Integer> rows;
  private final Model embedding;
  private final CharGrams grams;
  private final Model gramModel;

  private EntryClassifier(long version, Map<String, Integer> rows, Model embedding, CharGrams grams,
      Model gramModel) {
    this.version = version;
    this.rows = rows;
    this.embedding = embedding;
    this.grams = grams;
    this.gramModel = gramModel;
  }

  /** A classifier that knows no entry: the space has too few wordings in its own language. */
  static EntryClassifier none(long version) {
    return new EntryClassifier(version, Map.of(), null, null, null);
  }

  /** The index version whose entries this classifier was trained on. */
  long version() {
    return version;
  }

  /** Which classifiers this one has: none when it knows no entry, no n-gram one above its size limit. */
  Signals.Classifiers kind() {
    if (embedding == null) {
      return Signals.Classifiers.NONE;
    }
    return gramModel == null ? Signals.Classifiers.EMBEDDING_ONLY : Signals.Classifiers.BOTH;
  }

  /** Whether a space of {@code entries} entries gets a classifier at all. */
  static boolean trainable(int entries) {
    return entries >= 2 && entries <= MAX_ENTRIES;
  }

  /**
   * The embedding classifier's logit for each of {@code ids} given a unit query vector;
   * {@link Double#NaN} for an entry it was not trained on.
   */
  double[] logits(float[] query, List<String> ids) {
    double[] out = new double[ids.size()];
    for (int i = 0; i < out.length; i++) {
      Integer row = rows.get(ids.get(i));
      out[i] = row == null ? Double.NaN
          : SCALE * VectorMath.dot(query, embedding.weights(), row * embedding.dims()) + embedding.bias()[row];
    }
    return out;
  }

  /**
   * The n-gram classifier's logit for each of {@code ids} given the inquiry's normalized text
   * ({@link TextNormalizer#normalize}); null when this
   * space has none (vocabulary too large), {@link Double#NaN} for an entry it was not trained on.
   */
  double[] gramLogits(String text, List<String> ids) {
    if (gramModel == null) {
      return null;
    }
    CharGrams.Vector v = grams.vector(text);
    double[] out = new double[ids.size()];
    for (int i = 0; i < out.length; i++) {
      Integer row = rows.get(ids.get(i));
      if (row == null) {
        out[i] = Double.NaN;
        continue;
      }
      out[i] = SCALE * dot(v, gramModel.weights(), row * gramModel.dims()) + gramModel.bias()[row];
    }
    return out;
  }

  /** Trains both classifiers on the entries' wordings (vectors, and texts for the n-grams). */
  static EntryClassifier train(long version, Map<String, VectorIndex.EntryVectors> entries) {
    List<String> ids = new ArrayList<>(entries.keySet());
    ids.sort(null);
    int classes = ids.size();
    int dims = entries.get(ids.get(0)).centroid().length;
    List<float[]> xs = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    float[][] centroids = new float[classes][];
    Map<String, Integer> rows = new HashMap<>();
    for (int c = 0; c < classes; c++) {
      VectorIndex.EntryVectors v = entries.get(ids.get(c));
      rows.put(ids.get(c), c);
      centroids[c] = v.centroid();
      for (int i = 0; i < v.vectors().length; i++) {
        xs.add(v.vectors()[i]);
        // The bge-zh space keeps its model's text form (case, punctuation); grams read the canonical one.
        texts.add(TextNormalizer.normalize(v.texts().get(i)));
        ys.add(c);
      }
    }
    int[][] hard = hardClasses(xs, ys, centroids);
    Model embedding = fit(new Dense(xs.toArray(float[][]::new), dims), hard, classes);
    CharGrams grams = CharGrams.of(texts);
    Model gramModel = null;
    if ((long) grams.size() * classes <= MAX_GRAM_WEIGHTS) {
      CharGrams.Vector[] vs = texts.stream().map(grams::vector).toArray(CharGrams.Vector[]::new);
      gramModel = fit(new Sparse(vs, grams.size()), hard, classes);
    }
    return new EntryClassifier(version, Map.copyOf(rows), embedding, gramModel == null ? null : grams, gramModel);
  }

  /** A sparse vector's dot product with the weight row at {@code offset}. */
  private static double dot(CharGrams.Vector v, float[] w, int offset) {
    double sum = 0;
    for (int k = 0; k < v.indices().length; k++) {
      sum += v.values()[k] * w[offset + v.indices()[k]];
    }
    return sum;
  }

  private static Model fit(Inputs x, int[][] hard, int classes) {
    int dims = x.dims();
    Problem problem = new Problem(x, hard, classes);
    double[] theta = Lbfgs.minimize(problem::lossAndGradient, new double[classes * (dims + 1)], ITERATIONS);
    float[] weights = new float[classes * dims];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) theta[i];
    }
    return new Model(weights, Arrays.copyOfRange(theta, classes * dims, theta.length), dims);
  }

  /** Training rows: a dot product with a weight row, and adding a multiple of the row to a gradient. */
  private interface Inputs {
    int size();

    int dims();

    double dot(int row, float[] w, int offset);

    void addTo(int row, double scale, double[] g, int offset);
  }

  private record Dense(float[][] x, int dims) implements Inputs {
    public int size() {
      return x.length;
    }

    public double dot(int row, float[] w, int offset) {
      return VectorMath.dot(x[row], w, offset);
    }

    public void addTo(int row, double scale, double[] g, int offset) {
      float[] xr = x[row];
      for (int d = 0; d < xr.length; d++) {
        g[offset + d] += scale * xr[d];
      }
    }
  }

  private record Sparse(CharGrams.Vector[] x, int dims) implements Inputs {
    public int size() {
      return x.length;
    }

    public double dot(int row, float[] w, int offset) {
      return EntryClassifier.dot(x[row], w, offset);
    }

    public void addTo(int row, double scale, double[] g, int offset) {
      CharGrams.Vector v = x[row];
      for (int k = 0; k < v.indices().length; k++) {
        g[offset + v.indices()[k]] += scale * v.values()[k];
      }
    }
  }

  /** Each wording's softmax classes: its own entry first, then the nearest other centroids. */
  private static int[][] hardClasses(List<float[]> xs, List<Integer> ys, float[][] centroids) {
    int classes = centroids.length;
    int k = Math.min(HARD, classes);
    int[][] out = new int[xs.size()][];
    IntStream.range(0, xs.size()).parallel().forEach(n -> {
      float[] x = xs.get(n);
      int own = ys.get(n);
      int[] best = new int[k - 1];
      double[] bestCos = new double[k - 1];
      Arrays.fill(bestCos, Double.NEGATIVE_INFINITY);
      for (int c = 0; c < classes; c++) {
        if (c == own) {
          continue;
        }
        double cos = VectorMath.dot(x, centroids[c], 0);
        int at = k - 2;
        if (at < 0 || cos <= bestCos[at]) {
          continue;
        }
        while (at > 0 && cos > bestCos[at - 1]) {
          bestCos[at] = bestCos[at - 1];
          best[at] = best[at - 1];
          at--;
        }
        bestCos[at] = cos;
        best[at] = c;
      }
      int[] row = new int[k];
      row[0] = own;
      System.arraycopy(best, 0, row, 1, k - 1);
      out[n] = row;
    });
    return out;
  }

  /** The regularized negative log-likelihood over the wordings, and its gradient. */
  private record Problem(Inputs x, int[][] hard, int classes) {

    /** Parallel chunks of rows, each with its own gradient buffer. */
    private static final int CHUNKS = Math.max(1, Runtime.getRuntime().availableProcessors());

    double lossAndGradient(double[] theta, double[] gradient) {
      int n = x.size();
      int dims = x.dims();
      float[] w = new float[classes * dims];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) theta[i];
      }
      int biasAt = classes * dims;
      int chunk = (n + CHUNKS - 1) / CHUNKS;
      List<double[]> parts = IntStream.range(0, CHUNKS).parallel()
          .mapToObj(part -> partial(theta, w, biasAt, part * chunk, Math.min(n, (part + 1) * chunk)))
          .toList();
      Arrays.fill(gradient, 0);
      double loss = 0;
      for (double[] p : parts) {
        for (int i = 0; i < gradient.length; i++) {
          gradient[i] += p[i];
        }
        loss += p[gradient.length];
      }
      double penalty = 0;
      for (int i = 0; i < biasAt; i++) {
        gradient[i] = gradient[i] / n + L2 * theta[i];
        penalty += theta[i] * theta[i];
      }
      for (int i = biasAt; i < gradient.length; i++) {
        gradient[i] /= n;
      }
      return loss / n + 0.5 * L2 * penalty;
    }

    /** Gradient (unscaled by 1/n) and loss of rows [from, to), the loss in the last slot. */
    private double[] partial(double[] theta, float[] w, int biasAt, int from, int to) {
      int dims = x.dims();
      double[] g = new double[theta.length + 1];
      double loss = 0;
      double[] z = new double[hard.length == 0 ? 0 : hard[0].length];
      for (int r = from; r < to; r++) {
        int[] cs = hard[r];
        double max = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < cs.length; m++) {
          z[m] = SCALE * x.dot(r, w, cs[m] * dims) + theta[biasAt + cs[m]];
          max = Math.max(max, z[m]);
        }
        double sum = 0;
        for (int m = 0; m < cs.length; m++) {
          z[m] = Math.exp(z[m] - max);
          sum += z[m];
        }
        loss -= Math.log(z[0] / sum); // the own entry is first
        for (int m = 0; m < cs.length; m++) {
          double delta = z[m] / sum - (m == 0 ? 1 : 0);
          x.addTo(r, delta * SCALE, g, cs[m] * dims);
          g[biasAt + cs[m]] += delta;
        }
      }
      g[theta.length] = loss;
      return g;
    }
  }
}
