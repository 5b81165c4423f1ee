package io.ticketflow.match;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import io.ticketflow.match.ScriptDetector.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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

  private final Lazy zh;
  private final Lazy en;

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

  /** Unit-length embeddings of many texts: batched ONNX runs spread over the cores. */
  public List<float[]> embedAll(Script space, List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    EmbeddingModel model = model(space);
    if (model instanceof OnnxSentenceModel onnx) {
      return onnx.embedBatched(texts);
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
