package io.ticketflow.match;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TF-IDF vectors of character 1- to 3-grams over one FAQ space's vocabulary: the input of the
 * n-gram half of {@link EntryClassifier}. Texts come {@link TextNormalizer#normalize normalized}
 * (the caller's job: an inquiry already is) and are padded with a space at each end, so word starts and ends are grams of their own; Chinese
 * needs no word segmentation. Term weights are sublinear (1 + ln count) times the smoothed inverse
 * document frequency, and each vector has unit length. Grams the FAQ's wordings never contain are
 * left out. Immutable.
 */
final class CharGrams {

  /** A sparse unit vector: gram indices and their weights. */
  record Vector(int[] indices, float[] values) {}

  private final Map<String, Integer> vocabulary;
  private final float[] idf;

  private CharGrams(Map<String, Integer> vocabulary, float[] idf) {
    this.vocabulary = vocabulary;
    this.idf = idf;
  }

  /** The vocabulary and document frequencies of {@code texts} (the FAQ's normalized wordings). */
  static CharGrams of(List<String> texts) {
    Map<String, Integer> vocabulary = new HashMap<>();
    Map<Integer, Integer> df = new HashMap<>();
    for (String t : texts) {
      for (String g : counts(t).keySet()) {
        int index = vocabulary.computeIfAbsent(g, k -> vocabulary.size());
        df.merge(index, 1, Integer::sum);
      }
    }
    float[] idf = new float[vocabulary.size()];
    df.forEach((index, n) -> idf[index] = (float) (Math.log((1.0 + texts.size()) / (1.0 + n)) + 1));
    return new CharGrams(Map.copyOf(vocabulary), idf);
  }

  int size() {
    return vocabulary.size();
  }

  /** A normalized text's TF-IDF unit vector over this vocabulary (empty when no gram is known). */
  Vector vector(String text) {
    Map<String, Integer> counts = counts(text);
    int[] indices = new int[counts.size()];
    float[] values = new float[counts.size()];
    int n = 0;
    double norm = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      Integer index = vocabulary.get(e.getKey());
      if (index == null) {
        continue;
      }
      float v = (float) ((1 + Math.log(e.getValue())) * idf[index]);
      indices[n] = index;
      values[n++] = v;
      norm += v * v;
    }
    float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < n; i++) {
      values[i] *= scale;
    }
    return new Vector(Arrays.copyOf(indices, n), Arrays.copyOf(values, n));
  }

  private static Map<String, Integer> counts(String text) {
    String padded = " " + text + " ";
    int[] cps = padded.codePoints().toArray();
    Map<String, Integer> out = new HashMap<>();
    for (int n = 1; n <= 3; n++) {
      for (int i = 0; i + n <= cps.length; i++) {
        out.merge(new String(cps, i, n), 1, Integer::sum);
      }
    }
    return out;
  }
}
