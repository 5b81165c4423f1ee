package io.ticketflow.match;

import java.util.Map;

/**
 * An immutable, flat copy of a {@link VectorIndex}: all rows in one array (cache-friendly scan),
 * the owning entry of each row, and each entry's normalized centroid.
 */
final class VectorSnapshot {

  static final VectorSnapshot EMPTY = new VectorSnapshot(-1, new String[0], new int[0], new float[0], new float[0], 0);
  /** How many nearest wordings vote for their entry. */
  static final int VOTERS = 10;

  /** Cosine statistics per entry (arrays indexed like {@code ids}). */
  record Hits(String[] ids, double[] maxCos, double[] top3Cos, double[] centroidCos, double[] vote) {}

  private final long version;
  private final String[] ids;
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
      float[] sum = new float[dims];
      for (float[] v : e.getValue().vectors()) {
        System.arraycopy(v, 0, rows, row * dims, dims);
        owner[row++] = entry;
        for (int d = 0; d < dims; d++) {
          sum[d] += v[d];
        }
      }
      System.arraycopy(SentenceEmbedder.unit(sum), 0, centroids, entry * dims, dims);
      entry++;
    }
    return new VectorSnapshot(version, ids, owner, rows, centroids, dims);
  }

  Hits search(float[] q) {
    int n = ids.length;
    double[] best = new double[n];
    double[] second = new double[n];
    double[] third = new double[n];
    java.util.Arrays.fill(best, -1);
    java.util.Arrays.fill(second, -1);
    java.util.Arrays.fill(third, -1);
    double[] topCos = new double[VOTERS];
    int[] topRow = new int[VOTERS];
    java.util.Arrays.fill(topCos, Double.NEGATIVE_INFINITY);
    int rowCount = owner.length;
    for (int r = 0; r < rowCount; r++) {
      double c = dot(q, rows, r * dims);
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
      double sum = best[e];
      int count = 1;
      if (second[e] > -1) {
        sum += second[e];
        count++;
      }
      if (third[e] > -1) {
        sum += third[e];
        count++;
      }
      top3[e] = sum / count;
      centroid[e] = dot(q, centroids, e * dims);
    }
    int voters = Math.min(VOTERS, rowCount);
    for (int k = 0; k < VOTERS; k++) {
      if (topCos[k] != Double.NEGATIVE_INFINITY) {
        vote[owner[topRow[k]]] += 1.0 / voters;
      }
    }
    return new Hits(ids, best, top3, centroid, vote);
  }

  /** Four accumulators let the JIT pipeline the multiply-adds (Java 17 has no vector API by default). */
  private static double dot(float[] q, float[] m, int offset) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int d = 0;
    int len = q.length;
    for (; d + 3 < len; d += 4) {
      s0 += q[d] * m[offset + d];
      s1 += q[d + 1] * m[offset + d + 1];
      s2 += q[d + 2] * m[offset + d + 2];
      s3 += q[d + 3] * m[offset + d + 3];
    }
    for (; d < len; d++) {
      s0 += q[d] * m[offset + d];
    }
    return s0 + s1 + s2 + s3;
  }
}
