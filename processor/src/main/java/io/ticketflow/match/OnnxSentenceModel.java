package io.ticketflow.match;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.zip.CRC32C;

/**
 * A bge-small model from its langchain4j jar, run by an ONNX Runtime session of our own settings:
 * one intra-op thread and no spinning. ONNX Runtime's default (one thread per core, spin-waiting
 * between operators) makes a one-sentence inference hop across threads and burns the cores it
 * waits on; on a shared 2-core machine that was most of the match p99 (docs/benchmarks.md). A
 * single inquiry is embedded on the calling thread; a batch is spread over {@code executor}, one
 * text per thread, which keeps every core busy without oversubscribing it.
 */
final class OnnxSentenceModel extends AbstractInProcessEmbeddingModel {

  /** Texts per ONNX run when embedding a batch: large enough to amortize a run's fixed cost. */
  static final int BATCH = 32;
  /** BERT's 512 positions; a longer text is embedded alone (langchain4j splits and averages it). */
  private static final int MAX_TOKENS = 512;

  private final OnnxBertBiEncoder encoder;
  private final HuggingFaceTokenizer tokenizer;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean typeIds;
  private final Executor executor;
  private final int dimension;
  private final String identity;

  /**
   * @param anchor a class of the model's jar (its resources are loaded through its class loader)
   * @param model the jar's ONNX file, e.g. {@code bge-small-en-v1.5-q.onnx}
   * @param tokenizer the jar's tokenizer file
   */
  OnnxSentenceModel(Class<?> anchor, String model, String tokenizer, int dimension, Executor executor) {
    super(executor);
    this.executor = executor;
    this.dimension = dimension;
    try (InputStream onnx = resource(anchor, model); InputStream vocabulary = resource(anchor, tokenizer);
        InputStream vocabulary2 = resource(anchor, tokenizer)) {
      this.env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      byte[] onnxBytes = onnx.readAllBytes();
      byte[] tokenizerBytes = vocabulary.readAllBytes();
      CRC32C crc = new CRC32C();
      crc.update(onnxBytes);
      crc.update(tokenizerBytes);
      crc.update(env.getVersion().getBytes(StandardCharsets.UTF_8));
      this.identity = model.replaceFirst("\\.onnx$", "") + "-" + Long.toHexString(crc.getValue()) + "-" + dimension;
      this.session = env.createSession(onnxBytes, options);
      this.typeIds = session.getInputNames().contains("token_type_ids");
      // bge models are trained with the [CLS] token's state as the sentence embedding.
      this.encoder = new OnnxBertBiEncoder(env, session, new ByteArrayInputStream(tokenizerBytes), PoolingMode.CLS);
      this.tokenizer = HuggingFaceTokenizer.newInstance(vocabulary2, Map.of("padding", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the ONNX model " + model, e);
    }
  }

  /**
   * Unit embeddings of many texts, {@link #BATCH} texts of similar length per ONNX run (padded,
   * with an attention mask), batches spread over the executor. langchain4j runs the model once per
   * text; for short FAQ wordings the run's fixed cost dominates, which batching amortizes.
   */
  List<float[]> embedBatched(List<String> texts) {
    Encoding[] encodings = new Encoding[texts.size()];
    float[][] out = new float[texts.size()][];
    List<Integer> order = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      encodings[i] = tokenizer.encode(texts.get(i), true, false);
      if (encodings[i].getIds().length > MAX_TOKENS) {
        out[i] = SentenceEmbedder.unit(embed(texts.get(i)).content().vector());
      } else {
        order.add(i);
      }
    }
    order.sort(Comparator.comparingInt(i -> encodings[i].getIds().length));
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    // Only texts of one token length share a run: no padding, which the quantized model's
    // activation ranges would otherwise see (they are computed over the whole batch tensor).
    int from = 0;
    while (from < order.size()) {
      int length = encodings[order.get(from)].getIds().length;
      int to = from + 1;
      while (to < order.size() && to - from < BATCH && encodings[order.get(to)].getIds().length == length) {
        to++;
      }
      List<Integer> batch = order.subList(from, to);
      runs.add(CompletableFuture.runAsync(() -> run(batch, encodings, out), executor));
      from = to;
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
    return Arrays.asList(out);
  }

  private void run(List<Integer> batch, Encoding[] encodings, float[][] out) {
    int rows = batch.size();
    int len = 0;
    for (int i : batch) {
      len = Math.max(len, encodings[i].getIds().length);
    }
    long[] ids = new long[rows * len];
    long[] mask = new long[rows * len];
    long[] types = new long[rows * len];
    for (int r = 0; r < rows; r++) {
      Encoding e = encodings[batch.get(r)];
      System.arraycopy(e.getIds(), 0, ids, r * len, e.getIds().length);
      System.arraycopy(e.getAttentionMask(), 0, mask, r * len, e.getAttentionMask().length);
      System.arraycopy(e.getTypeIds(), 0, types, r * len, e.getTypeIds().length);
    }
    long[] shape = {rows, len};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (typeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        for (int r = 0; r < rows; r++) {
          out[batch.get(r)] = SentenceEmbedder.unit(hidden[r][0]);
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX inference failed", e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  protected OnnxBertBiEncoder model() {
    return encoder;
  }

  /**
   * The model file's name, a checksum of its bytes, its tokenizer's and ONNX Runtime's version, and
   * the dimension: what a cached vector of a text depends on ({@link EmbeddingCache}), but for the
   * CPU's integer kernels, whose differences between hosts are rounding-sized.
   */
  String identity() {
    return identity;
  }

  @Override
  protected Integer knownDimension() {
    return dimension;
  }

  private static InputStream resource(Class<?> anchor, String name) {
    InputStream in = anchor.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("model resource not on the class path: " + name);
    }
    return in;
  }
}
