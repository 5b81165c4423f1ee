package io.ticketflow.match;

/** The cosine arithmetic shared by exact and approximate search, so both give identical values. */
final class VectorMath {

  private VectorMath() {}

  /** Four accumulators let the JIT pipeline the multiply-adds (Java 17 has no vector API by default). */
  static double dot(float[] q, float[] m, int offset) {
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

  /** The normalized mean of an entry's unit vectors. */
  static float[] centroid(float[][] vectors) {
    int dims = vectors[0].length;
    float[] sum = new float[dims];
    for (float[] v : vectors) {
      for (int d = 0; d < dims; d++) {
        sum[d] += v[d];
      }
    }
    return SentenceEmbedder.unit(sum);
  }

  /** The mean of the (up to) three highest of an entry's cosines. */
  static double top3(double best, double second, double third) {
    double sum = best;
    int count = 1;
    if (second > -1) {
      sum += second;
      count++;
    }
    if (third > -1) {
      sum += third;
      count++;
    }
    return sum / count;
  }
}
