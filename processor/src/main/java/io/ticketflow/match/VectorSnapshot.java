package io.ticketflow.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, flat copy of a {@link VectorIndex} for exact search: all rows in one array
 * (cache-friendly scan), the owning entry of each row, and each entry's normalized centroid.
 */
final class VectorSnapshot {

  static final VectorSnapshot EMPTY = new VectorSnapshot(-1, new String[0], new int[0], new float[0], new float[0], 0);
  /** How many nearest wordings vote for their entry. */
  static final int VOTERS = 10;

  private final long version;
  private final String[] ids;
  private final Map<String, Integer> index;
  private final int[] owner;
  private final float[] rows;
  private final float[] centroids;
  private final int dims;

  private VectorSnapshot(long version, String[] ids, int[] owner, float[] rows, float[] centroids, int dims) {
    this.version = version;
    this.ids = ids;
    this.owner = owner;
    this.rows = rows;
    this.centroids = centroids;
    this.dims = dims;
    this.index = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      index.put(ids[i], i);
    }
  }

  long version() {
    return version;
  }

  static VectorSnapshot build(long version, Map<String, VectorIndex.EntryVectors> entries) {
    int n = 0;
    int dims = 0;
    for (VectorIndex.EntryVectors e : entries.values()) {
      n += e.vectors().length;
      dims = e.vectors()[0].length;
    }
    String[] ids = new String[entries.size()];
    int[] owner = new int[n];
    float[] rows = new float[n * dims];
    float[] centroids = new float[entries.size() * dims];
    int entry = 0;
    int row = 0;
    for (Map.Entry<String, VectorIndex.EntryVectors> e : entries.entrySet()) {
      ids[entry] = e.getKey();
      for (float[] v : e.getValue().vectors()) {
        System.arraycopy(v, 0, rows, row * dims, dims);
        owner[row++] = entry;
      }
      System.arraycopy(e.getValue().centroid(), 0, centroids, entry * dims, dims);
      entry++;
    }
    return new VectorSnapshot(version, ids, owner, rows, centroids, dims);
  }

  /** Scans every row: O(rows × dims) per inquiry. */
  CosineHits search(float[] q) {
    int n = ids.length;
    double[] best = new double[n];
    double[] second = new double[n];
    double[] third = new double[n];
    Arrays.fill(best, -1);
    Arrays.fill(second, -1);
    Arrays.fill(third, -1);
    double[] topCos = new double[VOTERS];
    int[] topRow = new int[VOTERS];
    Arrays.fill(topCos, Double.NEGATIVE_INFINITY);
    int rowCount = owner.length;
    for (int r = 0; r < rowCount; r++) {
      double c = VectorMath.dot(q, rows, r * dims);
      int e = owner[r];
      if (c > best[e]) {
        third[e] = second[e];
        second[e] = best[e];
        best[e] = c;
      } else if (c > second[e]) {
        third[e] = second[e];
        second[e] = c;
      } else if (c > third[e]) {
        third[e] = c;
      }
      int min = 0;
      for (int k = 1; k < VOTERS; k++) {
        if (topCos[k] < topCos[min]) {
          min = k;
        }
      }
      if (c > topCos[min]) {
        topCos[min] = c;
        topRow[min] = r;
      }
    }
    double[] top3 = new double[n];
    double[] centroid = new double[n];
    double[] vote = new double[n];
    for (int e = 0; e < n; e++) {
      top3[e] = VectorMath.top3(best[e], second[e], third[e]);
      centroid[e] = VectorMath.dot(q, centroids, e * dims);
    }
    // Shares of 10 votes even where the space holds fewer wordings: a space of one entry does not
    // give that entry every vote (a certainty no FAQ the models were fitted on ever showed).
    for (int k = 0; k < VOTERS; k++) {
      if (topCos[k] != Double.NEGATIVE_INFINITY) {
        vote[owner[topRow[k]]] += 1.0 / VOTERS;
      }
    }
    return new Exact(best, top3, centroid, vote);
  }

  /** Statistics of every entry, indexed like {@code ids}. */
  private final class Exact implements CosineHits {
    private final double[] maxCos;
    private final double[] top3Cos;
    private final double[] centroidCos;
    private final double[] vote;
    private final double best;
    private final double secondBest;

    Exact(double[] maxCos, double[] top3Cos, double[] centroidCos, double[] vote) {
      this.maxCos = maxCos;
      this.top3Cos = top3Cos;
      this.centroidCos = centroidCos;
      this.vote = vote;
      double b = -1;
      double s = -1;
      for (double c : maxCos) {
        if (c > b) {
          s = b;
          b = c;
        } else if (c > s) {
          s = c;
        }
      }
      this.best = b;
      this.secondBest = s;
    }

    @Override
    public List<String> nearestByMaxCos(int k) {
      return top(maxCos, k);
    }

    @Override
    public List<String> nearestByCentroid(int k) {
      return top(centroidCos, k);
    }

    @Override
    public double best() {
      return best;
    }

    @Override
    public double secondBest() {
      return secondBest;
    }

    @Override
    public EntryCosines of(String faqId) {
      Integer i = index.get(faqId);
      return i == null ? null : new EntryCosines(maxCos[i], top3Cos[i], centroidCos[i], vote[i]);
    }

    /** The {@code k} best-scored ids: a partial selection, no sort of the whole FAQ. */
    private List<String> top(double[] scores, int want) {
      int k = Math.min(want, ids.length);
      int[] top = new int[k];
      int filled = 0;
      for (int i = 0; i < ids.length; i++) {
        if (filled < k) {
          top[filled++] = i;
          continue;
        }
        int min = 0;
        for (int j = 1; j < k; j++) {
          if (scores[top[j]] < scores[top[min]]) {
            min = j;
          }
        }
        if (scores[i] > scores[top[min]]) {
          top[min] = i;
        }
      }
      Integer[] order = new Integer[filled];
      for (int j = 0; j < filled; j++) {
        order[j] = top[j];
      }
      Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
      List<String> out = new ArrayList<>(filled);
      for (Integer i : order) {
        out.add(ids[i]);
      }
      return out;
    }
  }
}
