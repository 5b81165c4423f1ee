package io.ticketflow.match;

import io.ticketflow.match.EvalFiles.LabelledQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs labelled inquiries through a matcher and scores the answers against a threshold. */
public final class Evaluation {

  /**
   * One inquiry's best candidate (null when none) and its confidence; {@code classifiers} as in
   * {@link MatchResult#classifiers()}.
   */
  public record Answer(LabelledQuery query, String best, double confidence, long micros,
      Signals.Classifiers classifiers) {
    boolean correct() {
      return query.expected() != null && query.expected().equals(best);
    }

    /** Whether the calibration's fallback models scored it: its space lacked entry classifiers. */
    boolean withoutClassifiers() {
      return classifiers != null && !classifiers.scoredByMainModels();
    }
  }

  private static final int WORST = 10;

  private Evaluation() {}

  /** Matches every query, calling {@code progress} after each one. */
  public static List<Answer> answer(FaqMatcher matcher, String tenantId, List<LabelledQuery> queries,
      Runnable progress) {
    List<Answer> out = new ArrayList<>(queries.size());
    for (LabelledQuery q : queries) {
      MatchResult r = matcher.match(tenantId, q.text(), null);
      Optional<FaqCandidate> best = r.best();
      out.add(new Answer(q, best.map(FaqCandidate::faqId).orElse(null), r.confidence(), r.micros(),
          r.classifiers()));
      progress.run();
    }
    return out;
  }

  public static List<AnswerThreshold.Outcome> outcomes(List<Answer> answers) {
    return answers.stream()
        .map(a -> new AnswerThreshold.Outcome(a.confidence(), a.correct(), a.query().outOfScope()))
        .toList();
  }

  public static EvalReport report(String matcher, List<Answer> answers, double threshold) {
    int inScope = 0;
    int oos = 0;
    int correct = 0;
    int correctAny = 0;
    int falseAccepts = 0;
    int withoutClassifiers = 0;
    long[] micros = new long[answers.size()];
    Map<String, int[]> perEntry = new HashMap<>();
    Map<String, Map<String, Integer>> confusedWith = new HashMap<>();
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      micros[i] = a.micros();
      if (a.withoutClassifiers()) {
        withoutClassifiers++;
      }
      boolean answered = a.best() != null && a.confidence() >= threshold;
      if (a.query().outOfScope()) {
        oos++;
        if (answered) {
          falseAccepts++;
        }
        continue;
      }
      inScope++;
      int[] counts = perEntry.computeIfAbsent(a.query().expected(), k -> new int[3]);
      counts[0]++;
      if (a.correct()) {
        correctAny++;
      }
      if (a.correct() && answered) {
        correct++;
      } else if (answered) {
        counts[1]++;
        confusedWith.computeIfAbsent(a.query().expected(), k -> new HashMap<>()).merge(a.best(), 1, Integer::sum);
      } else {
        counts[2]++;
      }
    }
    Arrays.sort(micros);
    List<EvalReport.Confusion> worst = perEntry.entrySet().stream()
        .filter(e -> e.getValue()[1] + e.getValue()[2] > 0)
        .sorted(Comparator.comparingInt((Map.Entry<String, int[]> e) -> -(e.getValue()[1] + e.getValue()[2]))
            .thenComparing(Map.Entry::getKey))
        .limit(WORST)
        .map(e -> new EvalReport.Confusion(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2],
            confusedWith.getOrDefault(e.getKey(), Map.of()).entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(null)))
        .toList();
    return new EvalReport(matcher, answers.size(), inScope, oos,
        ratio(correct, inScope), ratio(correctAny, inScope), ratio(falseAccepts, oos),
        oos == 0 ? 0 : 1 - ratio(falseAccepts, oos), threshold,
        percentile(micros, 0.50), percentile(micros, 0.99), withoutClassifiers, worst);
  }

  private static double ratio(int a, int b) {
    return b == 0 ? 0 : (double) a / b;
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int idx = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }
}
