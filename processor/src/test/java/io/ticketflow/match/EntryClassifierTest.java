package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The classifier learns the directions that tell entries apart, which nearest-centroid cosine
 * cannot: here two entries differ in one dimension of small spread while a shared dimension of
 * large spread dominates every cosine.
 */
class EntryClassifierTest {

  private static final int DIMS = 16;

  /** Entry {@code c}'s points: a shared direction, its own small offset in dimension 1 + c, noise. */
  private static float[] point(Random random, int c) {
    float[] v = new float[DIMS];
    v[0] = 1;
    v[1 + c] = 0.15f;
    for (int d = 1; d < DIMS; d++) {
      v[d] += (float) (random.nextGaussian() * (d <= 4 ? 0.02 : 0.25));
    }
    return SentenceEmbedder.unit(v);
  }

  private static Map<String, VectorIndex.EntryVectors> entries(long seed, int perEntry) {
    Random random = new Random(seed);
    Map<String, VectorIndex.EntryVectors> out = new LinkedHashMap<>();
    for (int c = 0; c < 4; c++) {
      float[][] vectors = new float[perEntry][];
      for (int i = 0; i < perEntry; i++) {
        vectors[i] = point(random, c);
      }
      out.put("entry-" + c, new VectorIndex.EntryVectors(Collections.nCopies(perEntry, "the same wording"), vectors,
          VectorMath.centroid(vectors)));
    }
    return out;
  }

  @Test
  void ranksHeldOutPointsBetterThanTheNearestCentroid() {
    Map<String, VectorIndex.EntryVectors> train = entries(1, 60);
    EntryClassifier classifier = EntryClassifier.train(7, train);
    List<String> ids = new ArrayList<>(train.keySet());
    Random random = new Random(2);
    int byClassifier = 0;
    int byCentroid = 0;
    int total = 0;
    for (int c = 0; c < ids.size(); c++) {
      for (int i = 0; i < 100; i++) {
        float[] q = point(random, c);
        double[] logits = classifier.logits(q, ids);
        double[] centroid = new double[ids.size()];
        for (int k = 0; k < ids.size(); k++) {
          centroid[k] = VectorMath.dot(q, train.get(ids.get(k)).centroid(), 0);
        }
        byClassifier += argmax(logits) == c ? 1 : 0;
        byCentroid += argmax(centroid) == c ? 1 : 0;
        total++;
      }
    }
    assertThat(classifier.version()).isEqualTo(7);
    assertThat(byClassifier / (double) total).isGreaterThan(0.9);
    assertThat(byClassifier).isGreaterThan(byCentroid + total / 10);
  }

  @Test
  void sameVectorsGiveTheSameClassifierWhateverTheirOrder() {
    Map<String, VectorIndex.EntryVectors> forward = entries(3, 20);
    Map<String, VectorIndex.EntryVectors> backward = new LinkedHashMap<>();
    List<String> reversed = new ArrayList<>(forward.keySet());
    Collections.reverse(reversed);
    reversed.forEach(id -> backward.put(id, forward.get(id)));
    List<String> ids = List.copyOf(forward.keySet());
    float[] q = point(new Random(4), 2);
    assertThat(EntryClassifier.train(1, backward).logits(q, ids))
        .containsExactly(EntryClassifier.train(1, forward).logits(q, ids));
  }

  @Test
  void entriesItWasNotTrainedOnHaveNoLogit() {
    EntryClassifier classifier = EntryClassifier.train(1, entries(5, 10));
    double[] logits = classifier.logits(point(new Random(6), 0), List.of("entry-0", "elsewhere"));
    assertThat(logits[0]).isFinite();
    assertThat(logits[1]).isNaN();
    assertThat(EntryClassifier.none(3).logits(point(new Random(6), 0), List.of("entry-0"))[0]).isNaN();
  }

  @Test
  void theNgramClassifierReadsTheWordingsCharacters() {
    Random random = new Random(8);
    Map<String, VectorIndex.EntryVectors> faq = new LinkedHashMap<>();
    Map<String, List<String>> wordings = Map.of(
        "refund", List.of("怎么申请退款", "退款多久到账", "退款政策是什么"),
        "shipping", List.of("什么时候发货", "多久能发货", "下单后几天发货"),
        "invoice", List.of("如何开发票", "发票怎么开", "能开增值税发票吗"));
    wordings.forEach((id, texts) -> {
      float[][] vectors = new float[texts.size()][];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = point(random, 0); // the same region for all: the vectors cannot tell them apart
      }
      faq.put(id, new VectorIndex.EntryVectors(texts, vectors, VectorMath.centroid(vectors)));
    });
    EntryClassifier classifier = EntryClassifier.train(1, faq);
    List<String> ids = List.of("refund", "shipping", "invoice", "unknown");
    for (Map.Entry<String, String> inquiry : Map.of("我想申请退款", "refund", "几天能发货", "shipping",
        "開發票", "invoice").entrySet()) {
      double[] logits = classifier.gramLogits(TextNormalizer.normalize(inquiry.getKey()), ids);
      assertThat(ids.get(argmax(Arrays.copyOf(logits, 3)))).as(inquiry.getKey()).isEqualTo(inquiry.getValue());
      assertThat(logits[3]).isNaN();
    }
  }

  @Test
  void onlySpacesOfTwoToAThousandEntriesGetOne() {
    assertThat(EntryClassifier.trainable(1)).isFalse();
    assertThat(EntryClassifier.trainable(2)).isTrue();
    assertThat(EntryClassifier.trainable(EntryClassifier.MAX_ENTRIES)).isTrue();
    assertThat(EntryClassifier.trainable(EntryClassifier.MAX_ENTRIES + 1)).isFalse();
  }

  private static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
