package io.ticketflow.bench.match;

import io.ticketflow.match.Calibration;
import io.ticketflow.match.EvalFiles;
import io.ticketflow.match.EvalFiles.LabelledQuery;
import io.ticketflow.match.FaqCandidate;
import io.ticketflow.match.FaqLibrary;
import io.ticketflow.match.HybridFaqMatcher;
import io.ticketflow.schema.FaqEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Loading an FAQ in one bulk update (how the processor loads its FAQ store at start-up, and how
 * {@code eval} and {@code calibrate} load a file) against one entry at a time (how live FAQ updates
 * arrive). Two questions: how long each takes, and — because the quantized model's vectors depend
 * on which texts share a batched run — how many answer-or-escalate decisions the loading history
 * changes. Exact vector search on both sides, so only the vectors differ. Also times the first match
 * after the bulk load, which trains the entry classifier. Run:
 *
 * <pre>
 * java -cp ... io.ticketflow.bench.match.FaqLoadBenchmark synthetic [entries]
 * java -cp ... io.ticketflow.bench.match.FaqLoadBenchmark FAQ.jsonl QUERIES.jsonl
 * </pre>
 */
public final class FaqLoadBenchmark {

  private static final String TENANT = "bench";

  private FaqLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    boolean synthetic = args[0].equals("synthetic");
    List<FaqEntry> faq = synthetic
        ? SyntheticFaq.entries(args.length > 1 ? Integer.parseInt(args[1]) : 10_000)
        : EvalFiles.readFaq(Path.of(args[0]), TENANT);
    Calibration calibration = Calibration.loadDefault();
    // Loads both models and warms the code paths, so neither timing pays for that.
    FaqLibrary.full().upsertAll(faq.subList(0, Math.min(50, faq.size())));

    HybridFaqMatcher bulk = new HybridFaqMatcher(FaqLibrary.full(Integer.MAX_VALUE), calibration);
    long t0 = System.nanoTime();
    bulk.upsertAll(faq);
    long t1 = System.nanoTime();
    HybridFaqMatcher oneByOne = new HybridFaqMatcher(FaqLibrary.full(Integer.MAX_VALUE), calibration);
    for (FaqEntry e : faq) {
      oneByOne.upsert(e);
    }
    long t2 = System.nanoTime();
    int wordings = faq.stream().mapToInt(e -> 1 + e.getAlternates().size()).sum();
    System.out.printf(Locale.ROOT, "%d entries, %d wordings: bulk %.1f s, one entry at a time %.1f s%n",
        faq.size(), wordings, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    // Without a background executor the first match after a change trains the space's entry
    // classifier (up to 1,000 entries per space); the second match shows what a match costs.
    String inquiry = faq.get(faq.size() / 2).getQuestion();
    long t3 = System.nanoTime();
    bulk.match(TENANT, inquiry, null);
    long t4 = System.nanoTime();
    bulk.match(TENANT, inquiry, null);
    long t5 = System.nanoTime();
    System.out.printf(Locale.ROOT, "first match after the load (trains the entry classifier) %.2f s, the next %.2f ms%n",
        (t4 - t3) / 1e9, (t5 - t4) / 1e6);
    if (synthetic) {
      return;
    }

    double threshold = calibration.threshold("hybrid");
    List<LabelledQuery> queries = EvalFiles.readQueries(Path.of(args[1]));
    int inScope = 0;
    int bestChanged = 0;
    int decisionChanged = 0;
    int[] right = new int[2];
    int[] answeredRightly = new int[2];
    for (LabelledQuery q : queries) {
      Optional<FaqCandidate> a = bulk.match(TENANT, q.text(), null).best();
      Optional<FaqCandidate> b = oneByOne.match(TENANT, q.text(), null).best();
      if (!a.map(FaqCandidate::faqId).equals(b.map(FaqCandidate::faqId))) {
        bestChanged++;
      }
      if (answers(a, threshold) != answers(b, threshold)) {
        decisionChanged++;
      }
      if (!q.outOfScope()) {
        inScope++;
        count(a, q, threshold, right, answeredRightly, 0);
        count(b, q, threshold, right, answeredRightly, 1);
      }
    }
    System.out.printf(Locale.ROOT, "%d inquiries: best candidate changed for %d, answer/escalate for %d "
        + "(threshold %.3f)%n", queries.size(), bestChanged, decisionChanged, threshold);
    System.out.printf(Locale.ROOT, "top-1 / answered rightly: bulk %.2f / %.2f %%, one by one %.2f / %.2f %%%n",
        100.0 * right[0] / inScope, 100.0 * answeredRightly[0] / inScope,
        100.0 * right[1] / inScope, 100.0 * answeredRightly[1] / inScope);
  }

  private static boolean answers(Optional<FaqCandidate> best, double threshold) {
    return best.isPresent() && best.get().score() >= threshold;
  }

  private static void count(Optional<FaqCandidate> best, LabelledQuery q, double threshold, int[] right,
      int[] answeredRightly, int i) {
    if (best.isPresent() && best.get().faqId().equals(q.expected())) {
      right[i]++;
      if (best.get().score() >= threshold) {
        answeredRightly[i]++;
      }
    }
  }
}
