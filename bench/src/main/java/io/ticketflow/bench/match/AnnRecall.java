package io.ticketflow.bench.match;

import io.ticketflow.match.Calibration;
import io.ticketflow.match.EvalFiles;
import io.ticketflow.match.EvalFiles.LabelledQuery;
import io.ticketflow.match.EvalReport;
import io.ticketflow.match.Evaluation;
import io.ticketflow.match.Evaluation.Answer;
import io.ticketflow.match.FaqLibrary;
import io.ticketflow.match.HybridFaqMatcher;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What approximate (HNSW) vector search costs in accuracy on an eval set: the hybrid matcher with
 * the shipped calibration, once with exact cosine search and once with every space on the graph,
 * same FAQ and inquiries. Run:
 * {@code java -cp ... io.ticketflow.bench.match.AnnRecall FAQ QUERIES [FAQ QUERIES ...]}.
 */
public final class AnnRecall {

  private AnnRecall() {}

  public static void main(String[] args) throws Exception {
    for (int i = 0; i + 1 < args.length; i += 2) {
      compare(Path.of(args[i]), Path.of(args[i + 1]));
    }
  }

  private static void compare(Path faqFile, Path queryFile) throws Exception {
    List<LabelledQuery> queries = EvalFiles.readQueries(queryFile);
    Calibration calibration = Calibration.loadDefault();
    HybridFaqMatcher exact = new HybridFaqMatcher(FaqLibrary.full(Integer.MAX_VALUE), calibration);
    HybridFaqMatcher approximate = new HybridFaqMatcher(FaqLibrary.full(1), calibration);
    exact.library().upsertAll(EvalFiles.readFaq(faqFile, "eval"));
    approximate.library().upsertAll(EvalFiles.readFaq(faqFile, "eval"));
    // Warm both (JIT, snapshots, graphs, cross-lingual embeddings) before answering.
    for (LabelledQuery q : queries.subList(0, Math.min(50, queries.size()))) {
      exact.match("eval", q.text(), null);
      approximate.match("eval", q.text(), null);
    }
    List<Answer> e = Evaluation.answer(exact, "eval", queries, () -> { });
    List<Answer> a = Evaluation.answer(approximate, "eval", queries, () -> { });
    int sameBest = 0;
    int sameConfidence = 0;
    for (int i = 0; i < queries.size(); i++) {
      if (Objects.equals(e.get(i).best(), a.get(i).best())) {
        sameBest++;
        if (e.get(i).confidence() == a.get(i).confidence()) {
          sameConfidence++;
        }
      }
    }
    double threshold = calibration.threshold("hybrid");
    EvalReport re = Evaluation.report("hybrid", e, threshold);
    EvalReport ra = Evaluation.report("hybrid", a, threshold);
    System.out.printf(Locale.ROOT, "%s × %s: %d inquiries%n", faqFile, queryFile, queries.size());
    System.out.printf(Locale.ROOT,
        "  same best candidate %.2f %%, same best and confidence %.2f %%%n",
        100.0 * sameBest / queries.size(), 100.0 * sameConfidence / queries.size());
    System.out.printf(Locale.ROOT,
        "  exact:  top-1 %.2f %%, top-1 @ thr %.2f %%, FAR %.2f %%, p50/p99 %d/%d µs%n",
        100 * re.top1NoThreshold(), 100 * re.top1Accuracy(), 100 * re.falseAcceptRate(),
        re.p50Micros(), re.p99Micros());
    System.out.printf(Locale.ROOT,
        "  HNSW:   top-1 %.2f %%, top-1 @ thr %.2f %%, FAR %.2f %%, p50/p99 %d/%d µs%n",
        100 * ra.top1NoThreshold(), 100 * ra.top1Accuracy(), 100 * ra.falseAcceptRate(),
        ra.p50Micros(), ra.p99Micros());
  }
}
