package io.ticketflow.match;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;

/**
 * A bge-small model from its langchain4j jar, run by an ONNX Runtime session of our own settings:
 * one intra-op thread and no spinning. ONNX Runtime's default (one thread per core, spin-waiting
 * between operators) makes a one-sentence inference hop across threads and burns the cores it
 * waits on; on a shared 2-core machine that was most of the match p99 (docs/benchmarks.md). A
 * single inquiry is embedded on the calling thread; a batch is spread over {@code executor}, one
 * text per thread, which keeps every core busy without oversubscribing it.
 */
final class OnnxSentenceModel extends AbstractInProcessEmbeddingModel {

  private final OnnxBertBiEncoder encoder;
  private final int dimension;

  /**
   * @param anchor a class of the model's jar (its resources are loaded through its class loader)
   * @param model the jar's ONNX file, e.g. {@code bge-small-en-v1.5-q.onnx}
   * @param tokenizer the jar's tokenizer file
   */
  OnnxSentenceModel(Class<?> anchor, String model, String tokenizer, int dimension, Executor executor) {
    super(executor);
    this.dimension = dimension;
    try (InputStream onnx = resource(anchor, model); InputStream vocabulary = resource(anchor, tokenizer)) {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      OrtSession session = env.createSession(onnx.readAllBytes(), options);
      // bge models are trained with the [CLS] token's state as the sentence embedding.
      this.encoder = new OnnxBertBiEncoder(env, session, vocabulary, PoolingMode.CLS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the ONNX model " + model, e);
    }
  }

  @Override
  protected OnnxBertBiEncoder model() {
    return encoder;
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
