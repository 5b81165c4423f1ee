package io.ticketflow.bench.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.match.TextNormalizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Nanoseconds per {@link TextNormalizer#normalize} call on one thread, over the texts of the given
 * JSON-lines files (question, alternates and text fields), cycled. Not JMH: warm-up rounds, then
 * timed rounds of {@code calls} calls each; prints the median and best round, wall and thread CPU,
 * for all texts and for those with and without Han characters (only those are transliterated),
 * and, for comparison, the cost of the NFKC step alone with and without an {@code isNormalized}
 * pre-check.
 *
 * <p>Arguments: calls per round, then the files.
 */
public final class NormalizerBenchmark {

  private NormalizerBenchmark() {}

  public static void main(String[] args) throws IOException {
    int calls = Integer.parseInt(args[0]);
    List<String> texts = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (int i = 1; i < args.length; i++) {
      for (String line : Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = json.readTree(line);
        for (String field : new String[] {"question", "text"}) {
          if (node.hasNonNull(field)) {
            texts.add(node.get(field).asText());
          }
        }
        if (node.has("alternates")) {
          node.get("alternates").forEach(a -> texts.add(a.asText()));
        }
      }
    }
    String[] input = texts.toArray(String[]::new);
    System.out.printf("%d texts, %d calls per round%n", input.length, calls);
    report("normalize", input, calls, TextNormalizer::normalize);
    String[] han =
        texts.stream()
            .filter(t -> t.codePoints().anyMatch(NormalizerBenchmark::isHan))
            .toArray(String[]::new);
    String[] other =
        texts.stream()
            .filter(t -> t.codePoints().noneMatch(NormalizerBenchmark::isHan))
            .toArray(String[]::new);
    report("normalize, " + han.length + " Han", han, calls, TextNormalizer::normalize);
    report("normalize, " + other.length + " no Han", other, calls, TextNormalizer::normalize);
    report("NFKC normalize", input, calls, s -> Normalizer.normalize(s, Normalizer.Form.NFKC));
    report(
        "NFKC isNormalized first",
        input,
        calls,
        s ->
            Normalizer.isNormalized(s, Normalizer.Form.NFKC)
                ? s
                : Normalizer.normalize(s, Normalizer.Form.NFKC));
  }

  private static void report(
      String name, String[] input, int calls, java.util.function.UnaryOperator<String> f) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int sink = 0;
    for (int r = 0; r < 3; r++) {
      sink += round(input, calls, f);
    }
    int rounds = 7;
    double[] wall = new double[rounds];
    double[] cpu = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      sink += round(input, calls, f);
      wall[r] = (System.nanoTime() - t0) / (double) calls;
      cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / (double) calls;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    System.out.printf(
        "%-24s wall ns/call median %.0f best %.0f; thread CPU ns/call median %.0f (sink %d)%n",
        name, wall[rounds / 2], wall[0], cpu[rounds / 2], sink & 1);
  }

  private static boolean isHan(int cp) {
    return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
  }

  private static int round(String[] input, int calls, java.util.function.UnaryOperator<String> f) {
    int sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += f.apply(input[i % input.length]).length();
    }
    return sink;
  }
}
