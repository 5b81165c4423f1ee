package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.match.ScriptDetector.Script;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FAQ wordings' embeddings kept on disk between runs. */
class EmbeddingCacheTest {

  @TempDir
  Path dir;

  private static final float[] A = {0.1f, 0.2f, 0.3f, 0.4f};
  private static final float[] B = {-1f, 0f, 0.5f, 0.25f};
  private static final float[] C = {0f, 0f, 1f, 0f};

  private EmbeddingCache open(int dims) throws IOException {
    return EmbeddingCache.open(dir, "model-x-1234", dims);
  }

  private Path fill() throws IOException {
    try (EmbeddingCache cache = open(4)) {
      cache.put(List.of("how do refunds work", "退款多久到账", "where is my parcel"), List.of(A, B, C));
      return cache.file();
    }
  }

  @Test
  void vectorsSurviveAReopen() throws IOException {
    fill();
    try (EmbeddingCache cache = open(4)) {
      assertThat(cache.size()).isEqualTo(3);
      assertThat(cache.get("how do refunds work")).containsExactly(A);
      assertThat(cache.get("退款多久到账")).containsExactly(B);
      assertThat(cache.get("where is my parcel")).containsExactly(C);
      assertThat(cache.get("not cached")).isNull();
    }
  }

  @Test
  void aFileNearItsCapIsStartedAfreshAtTheNextOpenAndCachesAgain() throws IOException {
    // Header 28 bytes; the three records of fill() 43 + 42 + 42; "a fourth wording" 40.
    long cap = 200;
    Path file;
    try (EmbeddingCache cache = EmbeddingCache.open(dir, "model-x-1234", 4, cap)) {
      cache.put(List.of("how do refunds work", "退款多久到账", "where is my parcel"), List.of(A, B, C));
      file = cache.file();
    }
    assertThat(Files.size(file)).isEqualTo(155);
    try (EmbeddingCache cache = EmbeddingCache.open(dir, "model-x-1234", 4, cap)) {
      assertThat(cache.size()).as("under nine tenths of the cap: kept").isEqualTo(3);
      cache.put(List.of("a fourth wording", "one wording too many"), List.of(A, B));
      assertThat(cache.get("a fourth wording")).containsExactly(A);
      assertThat(cache.get("one wording too many")).as("past the cap: not cached").isNull();
    }
    assertThat(Files.size(file)).isEqualTo(195);
    try (EmbeddingCache cache = EmbeddingCache.open(dir, "model-x-1234", 4, cap)) {
      assertThat(cache.size()).as("at nine tenths of the cap: started afresh").isZero();
      assertThat(cache.get("how do refunds work")).isNull();
      cache.put(List.of("one wording too many"), List.of(B));
    }
    try (EmbeddingCache cache = EmbeddingCache.open(dir, "model-x-1234", 4, cap)) {
      assertThat(cache.size()).isEqualTo(1);
      assertThat(cache.get("one wording too many")).containsExactly(B);
    }
  }

  @Test
  void knownTextsAndVectorsOfTheWrongSizeAreNotAppended() throws IOException {
    Path file = fill();
    long size = Files.size(file);
    try (EmbeddingCache cache = open(4)) {
      cache.put(List.of("how do refunds work", "short"), List.of(C, new float[] {1f}));
      assertThat(cache.get("how do refunds work")).containsExactly(A);
      assertThat(cache.get("short")).isNull();
    }
    assertThat(Files.size(file)).isEqualTo(size);
  }

  /**
   * A text without a UTF-8 form (a lone surrogate) or longer than a record may be is not cached: it
   * would come back as another text's vector, or cut off the records after it at the next open.
   */
  @Test
  void textsThatCannotBeRecordedFaithfullyAreNotCached() throws IOException {
    try (EmbeddingCache cache = open(4)) {
      cache.put(List.of("a\uD800", "x".repeat(EmbeddingCache.MAX_TEXT_BYTES + 1), "after"), List.of(A, B, C));
      assertThat(cache.get("a\uD800")).isNull();
      assertThat(cache.size()).isEqualTo(1);
    }
    try (EmbeddingCache cache = open(4)) {
      assertThat(cache.get("a?")).isNull();
      assertThat(cache.get("after")).containsExactly(C);
    }
  }

  @Test
  void aFileCutShortWhileOpenGivesMissesNotErrors() throws IOException {
    Path file = fill();
    try (EmbeddingCache cache = open(4)) {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(raf.length() - 20);
      }
      assertThat(cache.get("how do refunds work")).containsExactly(A);
      assertThat(cache.get("where is my parcel")).isNull();
    }
  }

  @Test
  void aTornLastRecordIsCutOffAndTheFileStaysUsable() throws IOException {
    Path file = fill();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() - 5);
    }
    try (EmbeddingCache cache = open(4)) {
      assertThat(cache.size()).isEqualTo(2);
      assertThat(cache.get("where is my parcel")).isNull();
      cache.put(List.of("where is my parcel"), List.of(C));
    }
    try (EmbeddingCache cache = open(4)) {
      assertThat(cache.size()).isEqualTo(3);
      assertThat(cache.get("where is my parcel")).containsExactly(C);
    }
  }

  @Test
  void aCorruptRecordAndEverythingAfterItAreDropped() throws IOException {
    Path file = fill();
    byte[] bytes = Files.readAllBytes(file);
    // Latin-1 maps bytes to chars one to one, so a string search finds the record's text bytes.
    int second = new String(bytes, StandardCharsets.ISO_8859_1)
        .indexOf(new String("退款多久到账".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    assertThat(second).isPositive();
    bytes[second + 2] ^= 0x40;
    Files.write(file, bytes);
    try (EmbeddingCache cache = open(4)) {
      assertThat(cache.size()).isEqualTo(1);
      assertThat(cache.get("how do refunds work")).containsExactly(A);
      assertThat(cache.get("where is my parcel")).isNull();
    }
  }

  @Test
  void aFileOfAnotherDimensionOrVersionIsStartedAfresh() throws IOException {
    fill();
    try (EmbeddingCache cache = open(8)) {
      assertThat(cache.size()).isZero();
    }
    try (EmbeddingCache cache = open(4)) {
      assertThat(cache.size()).as("the file was started afresh for dimension 8").isZero();
    }
  }

  @Test
  void aCacheInUseCannotBeOpenedTwice() throws IOException {
    try (EmbeddingCache cache = open(4)) {
      assertThatThrownBy(() -> open(4)).isInstanceOf(IOException.class).hasMessageContaining("in use");
      assertThat(cache.size()).isZero();
    }
  }

  /**
   * The shared embedder reads FAQ wordings from the cache once it has one: a vector planted in the
   * cache comes back instead of the model's, and wordings it computes are added.
   */
  @Test
  void theEmbedderUsesTheCacheForFaqWordingsOnly() throws IOException {
    SentenceEmbedder embedder = SentenceEmbedder.shared();
    String identity = embedder.identity(Script.LATIN);
    float[] planted = new float[384];
    planted[7] = 1f;
    try {
      try (EmbeddingCache cache = EmbeddingCache.open(dir, identity, 384)) {
        cache.put(List.of("planted wording"), List.of(planted));
      }
      embedder.persistIn(dir);
      List<float[]> vectors = embedder.embedAll(Script.LATIN, List.of("planted wording", "a wording to compute"));
      assertThat(vectors.get(0)).containsExactly(planted);
      assertThat(VectorMath.dot(vectors.get(1), embedder.embed(Script.LATIN, "a wording to compute"), 0))
          .as("computed by the model").isGreaterThan(0.99);
      assertThat(embedder.embed(Script.LATIN, "planted wording")).as("inquiries are never cached")
          .isNotEqualTo(planted);
    } finally {
      embedder.persistIn(null);
    }
    try (EmbeddingCache cache = EmbeddingCache.open(dir, identity, 384)) {
      assertThat(cache.size()).isEqualTo(2);
      assertThat(cache.get("a wording to compute")).isNotNull();
    }
  }
}
