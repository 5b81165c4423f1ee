package io.ticketflow.match;

import io.ticketflow.match.ScriptDetector.Script;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One tenant's FAQ wordings embedded in one model's space, searched by exact cosine.
 *
 * <p>Writers replace one entry's vectors at a time (vectors of unchanged wordings are reused, so an
 * FAQ version is embedded once); readers search an immutable {@link VectorSnapshot} that is rebuilt
 * lazily, at most once per change, by the first search that sees the change. Exact search over
 * all vectors costs O(rows × dims) per inquiry: fine for the eval sets (≤ 15,000 wordings), but on
 * the 10,000-entry benchmark (30,000 wordings) it dominates the match time (docs/benchmarks.md), so
 * beyond a few thousand entries an ANN index (Lucene HNSW over the same vectors) should take over.
 */
final class VectorIndex {

  /** One entry's wordings and their unit vectors, immutable. */
  record EntryVectors(List<String> texts, float[][] vectors) {}

  private final Script space;
  private final SentenceEmbedder embedder;
  private final Map<String, EntryVectors> entries = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();
  private volatile VectorSnapshot snapshot = VectorSnapshot.EMPTY;

  VectorIndex(Script space, SentenceEmbedder embedder) {
    this.space = space;
    this.embedder = embedder;
  }

  Script space() {
    return space;
  }

  /** Replaces an entry's wordings; an empty list removes it. Called by one writer at a time. */
  void put(String faqId, List<String> texts) {
    putAll(Map.of(faqId, texts));
  }

  /** Replaces many entries at once, embedding all new wordings in one parallel batch. */
  void putAll(Map<String, List<String>> byId) {
    // A set: on a 30,000-wording FAQ a list's contains() made this quadratic.
    java.util.LinkedHashSet<String> missingSet = new java.util.LinkedHashSet<>();
    Map<String, float[]> known = new HashMap<>();
    for (Map.Entry<String, List<String>> e : byId.entrySet()) {
      EntryVectors old = entries.get(e.getKey());
      if (old != null) {
        for (int i = 0; i < old.texts().size(); i++) {
          known.put(old.texts().get(i), old.vectors()[i]);
        }
      }
      for (String t : e.getValue()) {
        if (!known.containsKey(t)) {
          missingSet.add(t);
        }
      }
    }
    List<String> missing = new ArrayList<>(missingSet);
    List<float[]> computed = embedder.embedAll(space, missing);
    for (int i = 0; i < missing.size(); i++) {
      known.put(missing.get(i), computed.get(i));
    }
    for (Map.Entry<String, List<String>> e : byId.entrySet()) {
      List<String> texts = List.copyOf(e.getValue());
      if (texts.isEmpty()) {
        entries.remove(e.getKey());
        continue;
      }
      float[][] vectors = new float[texts.size()][];
      for (int i = 0; i < texts.size(); i++) {
        vectors[i] = known.get(texts.get(i));
      }
      entries.put(e.getKey(), new EntryVectors(texts, vectors));
    }
    version.incrementAndGet();
  }

  void remove(String faqId) {
    if (entries.remove(faqId) != null) {
      version.incrementAndGet();
    }
  }

  /** The unit embedding of a (normalized) inquiry in this space. */
  float[] embedQuery(String normalized) {
    return embedder.embed(space, normalized);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Per-entry cosine statistics for a unit query vector of this space. */
  VectorSnapshot.Hits search(float[] query) {
    return current().search(query);
  }

  private VectorSnapshot current() {
    VectorSnapshot s = snapshot;
    long v = version.get();
    if (s.version() == v) {
      return s;
    }
    synchronized (this) {
      s = snapshot;
      v = version.get();
      if (s.version() != v) {
        s = VectorSnapshot.build(v, Map.copyOf(entries));
        snapshot = s;
      }
      return s;
    }
  }
}
