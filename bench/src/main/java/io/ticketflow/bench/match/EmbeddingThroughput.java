package io.ticketflow.bench.match;

import io.ticketflow.match.ScriptDetector.Script;
import io.ticketflow.match.SentenceEmbedder;
import io.ticketflow.match.TextNormalizer;
import io.ticketflow.schema.FaqEntry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Embedding cost of the synthetic FAQ's English wordings, one text per ONNX run
 * ({@code SentenceEmbedder.embed}) against batched runs ({@code embedAll}), in process CPU time
 * (robust to a shared machine), and how far the two embeddings of a text differ. Run:
 * {@code java -cp ... io.ticketflow.bench.match.EmbeddingThroughput [texts]}.
 */
public final class EmbeddingThroughput {

  private EmbeddingThroughput() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    List<String> texts = new ArrayList<>();
    for (FaqEntry e : SyntheticFaq.entries(n)) {
      String t = TextNormalizer.normalize(e.getQuestion());
      if (texts.size() < n && !t.isEmpty() && !io.ticketflow.match.ScriptDetector.containsHan(t)) {
        texts.add(t);
      }
    }
    SentenceEmbedder embedder = SentenceEmbedder.shared();
    embedder.embedAll(Script.LATIN, texts.subList(0, Math.min(200, texts.size()))); // warm-up
    long c0 = cpu();
    long t0 = System.nanoTime();
    List<float[]> single = new ArrayList<>();
    for (String t : texts) {
      single.add(embedder.embed(Script.LATIN, t));
    }
    long c1 = cpu();
    long t1 = System.nanoTime();
    List<float[]> batched = embedder.embedAll(Script.LATIN, texts);
    long c2 = cpu();
    long t2 = System.nanoTime();
    double min = 1;
    double sum = 0;
    for (int i = 0; i < texts.size(); i++) {
      double dot = 0;
      for (int d = 0; d < single.get(i).length; d++) {
        dot += single.get(i)[d] * batched.get(i)[d];
      }
      min = Math.min(min, dot);
      sum += dot;
    }
    System.out.printf(Locale.ROOT, "%d texts, one per run:  %.2f ms CPU/text, %.1f s wall%n",
        texts.size(), (c1 - c0) / 1e6 / texts.size(), (t1 - t0) / 1e9);
    System.out.printf(Locale.ROOT, "%d texts, batched:      %.2f ms CPU/text, %.1f s wall%n",
        texts.size(), (c2 - c1) / 1e6 / texts.size(), (t2 - t1) / 1e9);
    System.out.printf(Locale.ROOT, "cosine(single, batched): mean %.6f, min %.6f%n", sum / texts.size(), min);
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
