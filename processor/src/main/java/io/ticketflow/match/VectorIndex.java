package io.ticketflow.match;

import io.ticketflow.match.ScriptDetector.Script;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's FAQ wordings embedded in one model's space, searched by exact cosine up to
 * {@code annMinWordings} wordings and through an HNSW graph ({@link AnnIndex}) above.
 *
 * <p>Writers replace one entry's vectors at a time (vectors of unchanged wordings are reused, so an
 * FAQ version is embedded once). Exact search reads an immutable {@link VectorSnapshot} that is
 * rebuilt lazily, at most once per change, by the first search that sees the change; it costs
 * O(rows × dims) per inquiry. The HNSW graph is created when the space first reaches the
 * threshold and kept up to date by the writer from then on (docs/benchmarks.md has the crossover).
 */
final class VectorIndex {

  private static final Logger LOG = LoggerFactory.getLogger(VectorIndex.class);

  /** Wordings from which approximate search takes over (measured crossover, docs/benchmarks.md). */
  static final int DEFAULT_ANN_MIN_WORDINGS = 5_000;
  /** Nearest wordings fetched from the graph: the vote needs 10, the rest give recall. */
  static final int ANN_WORDINGS = 100;
  /** Nearest centroids fetched from the graph. */
  static final int ANN_CENTROIDS = 20;

  /** One entry's wordings, their unit vectors and their normalized centroid, immutable. */
  record EntryVectors(List<String> texts, float[][] vectors, float[] centroid) {}

  private final Script space;
  private final SentenceEmbedder embedder;
  private final int annMinWordings;
  private final Map<String, EntryVectors> entries = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();
  private final AtomicInteger wordings = new AtomicInteger();
  private volatile VectorSnapshot snapshot = VectorSnapshot.EMPTY;
  private volatile AnnIndex ann;
  /** Trains the entry classifier after a change; null: the first search after a change trains it. */
  private final Executor training;
  private final AtomicBoolean trainingQueued = new AtomicBoolean();
  private final Object trainingLock = new Object();
  private volatile EntryClassifier classifier;
  private final boolean classifiers;

  /** @param classifiers whether this space trains entry classifiers at all */
  VectorIndex(Script space, SentenceEmbedder embedder, int annMinWordings, Executor training, boolean classifiers) {
    this.space = space;
    this.embedder = embedder;
    this.annMinWordings = annMinWordings;
    this.training = training;
    this.classifiers = classifiers;
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
    apply(byId, embed(byId));
  }

  /**
   * The vectors of the wordings of {@code byId}: those the entries have already, the others
   * embedded now (one parallel batch). Changes nothing, so a caller can embed before it changes
   * anything that matching reads, and a failure to embed leaves everything as it was.
   */
  Map<String, float[]> embed(Map<String, List<String>> byId) {
    // A set: on a 30,000-wording FAQ a list's contains() made this quadratic.
    LinkedHashSet<String> missingSet = new LinkedHashSet<>();
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
    return known;
  }

  /** Replaces the entries of {@code byId} with the wordings' vectors from {@link #embed}. */
  void apply(Map<String, List<String>> byId, Map<String, float[]> known) {
    boolean changed = false;
    for (Map.Entry<String, List<String>> e : byId.entrySet()) {
      List<String> texts = List.copyOf(e.getValue());
      if (texts.isEmpty()) {
        remove(e.getKey());
        continue;
      }
      changed = true;
      float[][] vectors = new float[texts.size()][];
      for (int i = 0; i < texts.size(); i++) {
        vectors[i] = known.get(texts.get(i));
      }
      EntryVectors now = new EntryVectors(texts, vectors, VectorMath.centroid(vectors));
      count(entries.put(e.getKey(), now), now);
      if (ann != null) {
        ann.put(e.getKey(), vectors, now.centroid());
      }
    }
    if (ann == null && wordings.get() >= annMinWordings) {
      AnnIndex graph = new AnnIndex();
      entries.forEach((id, v) -> graph.put(id, v.vectors(), v.centroid()));
      ann = graph;
    }
    // An update without wordings in this space (an English entry in bge-zh before Chinese inquiries
    // arrive, a Chinese one in bge-en) leaves it as it was: its snapshot and classifier stay valid.
    if (changed) {
      version.incrementAndGet();
      queueTraining();
    }
  }

  void remove(String faqId) {
    EntryVectors old = entries.remove(faqId);
    if (old != null) {
      count(old, null);
      if (ann != null) {
        ann.remove(faqId);
      }
      version.incrementAndGet();
      queueTraining();
    }
  }

  /** Whether searches currently go through the HNSW graph. */
  boolean approximate() {
    return ann != null && wordings.get() >= annMinWordings;
  }

  int wordings() {
    return wordings.get();
  }

  private void count(EntryVectors old, EntryVectors now) {
    wordings.addAndGet((now == null ? 0 : now.vectors().length) - (old == null ? 0 : old.vectors().length));
  }

  /** The unit embedding of an inquiry in this space ({@link IndexedEntry.Utterance#embedded} form). */
  float[] embedQuery(String normalized) {
    return embedder.embed(space, normalized);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Per-entry cosine statistics for a unit query vector of this space. */
  CosineHits search(float[] query) {
    AnnIndex graph = ann;
    if (graph != null && wordings.get() >= annMinWordings) {
      return new ApproximateHits(query, graph.search(query, ANN_WORDINGS, ANN_CENTROIDS), entries);
    }
    return current().search(query);
  }

  /**
   * The space's entry classifiers for its current entries, or null when it has none: too few or too
   * many entries, or — with a background {@code training} executor — not trained yet since the last
   * change (training is then queued). Without an executor the calling search trains them (what
   * {@code eval} wants: every inquiry sees the classifiers of the whole FAQ).
   */
  EntryClassifier classifier() {
    EntryClassifier c = classifier;
    if (c != null && c.version() == version.get()) {
      return c;
    }
    if (!trainable()) {
      return null;
    }
    if (training == null) {
      return trainNow();
    }
    queueTraining();
    return null;
  }

  /** With a background executor, (re)trains the classifier there unless a training is queued. */
  private void queueTraining() {
    if (training == null || !trainable()) {
      return;
    }
    if (trainingQueued.compareAndSet(false, true)) {
      long v = version.get();
      try {
        training.execute(() -> train(v));
      } catch (RejectedExecutionException e) {
        trainingQueued.set(false); // the next change or search queues it again
        LOG.warn("could not queue the {} FAQ entry classifier's training", space, e);
      }
    }
  }

  /**
   * Whether a training may give this space classifiers: at least two entries. The upper limit,
   * {@link EntryClassifier#MAX_ENTRIES}, is for the entries in the space's own language, which only
   * a training counts ({@link #trainNow}): once Chinese inquiries match English wordings, the Chinese
   * space holds every English entry too, and a bilingual FAQ must not lose its Chinese classifiers
   * for that.
   */
  private boolean trainable() {
    return classifiers && entries.size() >= 2;
  }

  private void train(long queuedAt) {
    try {
      trainNow();
    } catch (RuntimeException e) {
      // Not retried before the next change: the same entries would fail the same way.
      LOG.warn("training the {} FAQ entry classifier failed; inquiries are ranked without it "
          + "until the FAQ changes", space, e);
      classifier = EntryClassifier.none(queuedAt);
    } finally {
      trainingQueued.set(false);
    }
  }

  private EntryClassifier trainNow() {
    synchronized (trainingLock) {
      EntryClassifier c = classifier;
      // The version is read before the entries: a change racing with the copy makes the classifier
      // look older than its entries, so it is retrained, never the other way round.
      long v = version.get();
      if (c != null && c.version() == v) {
        return c;
      }
      Map<String, EntryVectors> own = ownLanguage(Map.copyOf(entries));
      c = EntryClassifier.trainable(own.size()) ? EntryClassifier.train(v, own) : EntryClassifier.none(v);
      classifier = c;
      return c;
    }
  }

  /**
   * The entries' wordings in this space's own language. The bge-zh space also holds English wordings
   * (for cross-lingual search), but a classifier trained on them does not transfer to Chinese
   * inquiries: as a signal it cost 8 points of cross-lingual top-1 (docs/quality.md).
   */
  private Map<String, EntryVectors> ownLanguage(Map<String, EntryVectors> all) {
    Map<String, EntryVectors> out = new HashMap<>();
    all.forEach((id, v) -> {
      List<float[]> kept = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < v.texts().size(); i++) {
        if (ScriptDetector.embeddingSpace(v.texts().get(i)) == space) {
          kept.add(v.vectors()[i]);
          texts.add(v.texts().get(i));
        }
      }
      if (kept.size() == v.texts().size()) {
        out.put(id, v);
      } else if (!kept.isEmpty()) {
        float[][] vectors = kept.toArray(float[][]::new);
        out.put(id, new EntryVectors(texts, vectors, VectorMath.centroid(vectors)));
      }
    });
    return out;
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
