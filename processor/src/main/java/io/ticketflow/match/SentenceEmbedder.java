package io.ticketflow.match;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import io.ticketflow.match.ScriptDetector.Script;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process sentence embeddings, routed by script: bge-small-zh for Chinese, bge-small-en for
 * everything else (bge-en scores ~0.97 between almost any two Chinese texts, so it must never see
 * them; bge-zh is weak on English). Each ONNX model is loaded once per JVM, on first use, and
 * shared: the models are thread-safe and cost ~100 MB of off-heap memory each. The ONNX files and
 * tokenizers come from langchain4j's model jars; the ONNX Runtime session is ours
 * ({@link OnnxSentenceModel}: single-threaded inference, no spinning).
 */
public final class SentenceEmbedder {

  /** Batches are embedded one text per thread, one thread per core (see {@link OnnxSentenceModel}). */
  private static final Executor BATCHES = Executors.newFixedThreadPool(
      Runtime.getRuntime().availableProcessors(), daemon("ticketflow-embed"));

  private static final SentenceEmbedder SHARED = new SentenceEmbedder(
      () -> new OnnxSentenceModel(BgeSmallZhV15QuantizedEmbeddingModel.class,
          "bge-small-zh-v1.5-q.onnx", "bge-small-zh-v1.5-q-tokenizer.json", 512, BATCHES),
      () -> new OnnxSentenceModel(BgeSmallEnV15QuantizedEmbeddingModel.class,
          "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", 384, BATCHES));

  private static final Logger LOG = LoggerFactory.getLogger(SentenceEmbedder.class);

  private final Lazy zh;
  private final Lazy en;
  private Path cacheDir;
  private final Map<String, EmbeddingCache> caches = new HashMap<>();
  private final Set<String> unusable = new HashSet<>();

  SentenceEmbedder(Supplier<EmbeddingModel> zh, Supplier<EmbeddingModel> en) {
    this.zh = new Lazy(zh);
    this.en = new Lazy(en);
  }

  /** The JVM-wide embedder. */
  public static SentenceEmbedder shared() {
    return SHARED;
  }

  /** The unit-length embedding of one (normalized) text in the given model's space. */
  public float[] embed(Script space, String text) {
    return unit(model(space).embed(text).content().vector());
  }

  /**
   * Keeps the FAQ wordings' embeddings in {@code dir} from now on ({@link EmbeddingCache}), so that
   * {@link #embedAll} computes only those it has not computed in an earlier run; null stops it. The
   * processor calls it before it loads its FAQ. Inquiries ({@link #embed}) are never cached.
   */
  public synchronized void persistIn(Path dir) {
    if (Objects.equals(dir, cacheDir)) {
      return;
    }
    for (EmbeddingCache c : caches.values()) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.warn("Could not close embedding cache {}", c.file(), e);
      }
    }
    caches.clear();
    unusable.clear();
    cacheDir = dir;
  }

  /** Unit-length embeddings of many texts: batched ONNX runs spread over the cores. */
  public List<float[]> embedAll(Script space, List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    EmbeddingModel model = model(space);
    if (model instanceof OnnxSentenceModel onnx) {
      EmbeddingCache cache = cache(onnx);
      return cache == null ? onnx.embedBatched(texts) : embedAll(onnx, cache, texts);
    }
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      segments.add(TextSegment.from(t));
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (Embedding e : model.embedAll(segments).content()) {
      out.add(unit(e.vector()));
    }
    return out;
  }

  /** The cached vectors, and the others computed in one batched run and added to the cache. */
  private List<float[]> embedAll(OnnxSentenceModel onnx, EmbeddingCache cache, List<String> texts) {
    float[][] out = new float[texts.size()][];
    List<Integer> missing = new ArrayList<>();
    try {
      for (int i = 0; i < texts.size(); i++) {
        out[i] = cache.get(texts.get(i));
        if (out[i] == null) {
          missing.add(i);
        }
      }
    } catch (IOException | RuntimeException e) {
      disable(onnx, cache, e);
      return onnx.embedBatched(texts);
    }
    if (missing.isEmpty()) {
      return Arrays.asList(out);
    }
    List<String> toCompute = new ArrayList<>(missing.size());
    for (int i : missing) {
      toCompute.add(texts.get(i));
    }
    List<float[]> computed = onnx.embedBatched(toCompute);
    for (int k = 0; k < missing.size(); k++) {
      out[missing.get(k)] = computed.get(k);
    }
    try {
      cache.put(toCompute, computed);
    } catch (IOException | RuntimeException e) {
      disable(onnx, cache, e);
    }
    return Arrays.asList(out);
  }

  /**
   * Stops using a cache that failed (a file changed behind its back, a full disk, a channel closed
   * by an interrupt): the embeddings are computed without it for the rest of the run.
   */
  private synchronized void disable(OnnxSentenceModel onnx, EmbeddingCache cache, Exception e) {
    LOG.warn("Embedding cache {} failed ({}); embedding without it until the processor restarts", cache.file(),
        e.toString());
    if (caches.remove(onnx.identity(), cache)) {
      unusable.add(onnx.identity());
    }
    try {
      cache.close();
    } catch (IOException closing) {
      LOG.debug("Closing embedding cache {}", cache.file(), closing);
    }
  }

  /** The open cache of the model, opened on first use; null when there is none or it cannot be used. */
  private synchronized EmbeddingCache cache(OnnxSentenceModel onnx) {
    if (cacheDir == null || unusable.contains(onnx.identity())) {
      return null;
    }
    EmbeddingCache cache = caches.get(onnx.identity());
    if (cache == null) {
      try {
        cache = EmbeddingCache.open(cacheDir, onnx.identity(), onnx.dimension());
        caches.put(onnx.identity(), cache);
        LOG.info("Embedding cache {} holds {} wordings", cache.file(), cache.size());
      } catch (IOException | RuntimeException e) {
        LOG.warn("Embedding cache for {} in {} cannot be used ({}); embedding without it", onnx.identity(), cacheDir,
            e.toString());
        unusable.add(onnx.identity());
      }
    }
    return cache;
  }

  /** The identity of the space's model as the cache knows it (loads the model). */
  String identity(Script space) {
    return model(space) instanceof OnnxSentenceModel onnx ? onnx.identity() : null;
  }

  private EmbeddingModel model(Script space) {
    return space == Script.HAN ? zh.get() : en.get();
  }

  static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float inv = norm > 0 ? (float) (1.0 / Math.sqrt(norm)) : 0f;
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  /** Loads a model on first use; double-checked so concurrent first calls load it once. */
  private static final class Lazy {
    private final Supplier<EmbeddingModel> factory;
    private volatile EmbeddingModel model;

    Lazy(Supplier<EmbeddingModel> factory) {
      this.factory = factory;
    }

    EmbeddingModel get() {
      EmbeddingModel m = model;
      if (m == null) {
        synchronized (this) {
          m = model;
          if (m == null) {
            m = factory.get();
            model = m;
          }
        }
      }
      return m;
    }
  }
}
