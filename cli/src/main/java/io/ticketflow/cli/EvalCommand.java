package io.ticketflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketflow.match.AnswerThreshold;
import io.ticketflow.match.Calibration;
import io.ticketflow.match.EvalFiles;
import io.ticketflow.match.EvalFiles.LabelledQuery;
import io.ticketflow.match.EvalInputException;
import io.ticketflow.match.EvalReport;
import io.ticketflow.match.Evaluation;
import io.ticketflow.match.SignalMatcher;
import io.ticketflow.schema.FaqEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ticketflow eval}: offline FAQ-matching evaluation (DESIGN.md "Evaluation file formats"). */
@Command(name = "eval", mixinStandardHelpOptions = true,
    versionProvider = TicketflowCommand.Version.class,
    description = "Matches labelled queries against an FAQ file and reports accuracy, false accepts and latency.",
    footer = {"", "Examples:", "  ticketflow eval --faq faq.jsonl --queries queries.jsonl",
        "  ticketflow eval --faq faq.jsonl --queries test.jsonl --val-queries val.jsonl \\",
        "      --target-far 0.05 --matcher all",
        "  ticketflow eval --faq faq.jsonl --queries queries.jsonl \\",
        "      --calibration acme.json --json",
        "", "Exit codes: 0 evaluated, 2 invalid input (file and line named) or",
        "options."})
final class EvalCommand implements Callable<Integer> {

  static final String TENANT = "eval";

  @Spec
  CommandSpec spec;

  @Option(names = "--faq", required = true, description = "FAQ JSONL file")
  Path faq;

  @Option(names = "--queries", required = true, description = "labelled queries JSONL file")
  Path queries;

  @Option(names = "--json", description = "print one JSON object instead of a table (one per line with --matcher all or several --target-far)")
  boolean json;

  @Option(names = "--matcher", defaultValue = "hybrid",
      description = "exact, lexical, semantic, hybrid, or all four (default: ${DEFAULT-VALUE})")
  MatcherChoice matcher;

  @Option(names = "--threshold", description = "answer threshold, 0 to 1 (default: the calibration's for this matcher)")
  Double threshold;

  @Option(names = "--val-queries",
      description = "labelled validation queries: pick each matcher's threshold on them (for --target-far) instead of taking the calibration's")
  Path valQueries;

  @Option(names = "--target-far", split = ",", defaultValue = "0.05",
      description = "with --val-queries: target false-accept rate(s), such as 0.05,0.5; one report each (default: ${DEFAULT-VALUE})")
  List<Double> targetFars;

  @Option(names = "--calibration", description = "calibration JSON from 'ticketflow calibrate' (default: shipped)")
  Path calibration;

  @Option(names = "--no-classifiers",
      description = "match without the FAQ-trained entry classifiers, as an FAQ of over 1,000 entries is "
          + "matched (and any FAQ while they train after a change)")
  boolean noClassifiers;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<FaqEntry> entries;
    List<LabelledQuery> labelled;
    List<LabelledQuery> validation = List.of();
    for (double target : targetFars) {
      if (!(target >= 0 && target < 1)) {
        err.println("error: --target-far must be at least 0 and below 1, not " + target);
        return 2;
      }
    }
    // Without validation queries no threshold is picked: a target given alone was silently ignored.
    if (valQueries == null && spec.commandLine().getParseResult().hasMatchedOption("--target-far")) {
      err.println("error: --target-far picks thresholds on --val-queries: give them too (or --threshold)");
      return 2;
    }
    if (threshold != null && valQueries != null) {
      err.println("error: --val-queries picks the thresholds that --threshold sets: give --threshold or "
          + "--val-queries, not both");
      return 2;
    }
    if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
      err.println("error: --threshold must be between 0 and 1 (a confidence), not " + threshold);
      return 2;
    }
    try {
      entries = EvalFiles.readFaq(faq, TENANT);
      labelled = EvalFiles.readQueries(queries);
      EvalFiles.requireKnownIds(queries, labelled, entries);
      if (valQueries != null) {
        validation = EvalFiles.readQueries(valQueries);
        EvalFiles.requireKnownIds(valQueries, validation, entries);
      }
    } catch (EvalInputException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    Calibration cal;
    // A directory or a missing file: named in words, not by a FileNotFoundException (a pipe, as from
    // the shell's <(…), is read like a file).
    if (calibration != null && (!Files.exists(calibration) || Files.isDirectory(calibration))) {
      err.println("error: " + calibration + ": " + (Files.exists(calibration) ? "not a file" : "no such file"));
      return 2;
    }
    try {
      cal = calibration == null ? Calibration.loadDefault() : Calibration.load(calibration);
    } catch (Calibration.InvalidCalibrationException e) {
      err.println("error: " + calibration + ": " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("error: " + calibration + ": cannot read: " + e.getMessage());
      return 2;
    }
    List<SignalMatcher> matchers = matcher.build(cal, !noClassifiers);
    java.util.Set<io.ticketflow.match.FaqLibrary> indexed = new java.util.HashSet<>();
    boolean first = true;
    for (SignalMatcher m : matchers) {
      long start = System.nanoTime();
      if (indexed.add(m.library())) {
        m.library().upsertAll(entries);
      }
      double indexSeconds = (System.nanoTime() - start) / 1e9;
      List<Evaluation.Answer> answers;
      try (ProgressBar bar = Progress.bar(m.name(), labelled.size())) {
        answers = Evaluation.answer(m, TENANT, labelled, bar::step);
      }
      List<Double> thresholds = new java.util.ArrayList<>();
      if (threshold != null) {
        thresholds.add(threshold);
      } else if (!validation.isEmpty()) {
        List<Evaluation.Answer> val;
        try (ProgressBar bar = Progress.bar(m.name() + " (val)", validation.size())) {
          val = Evaluation.answer(m, TENANT, validation, bar::step);
        }
        for (double target : targetFars) {
          thresholds.add(m.name().equals("exact") ? 1.0 : AnswerThreshold.pick(Evaluation.outcomes(val), target));
        }
      } else {
        thresholds.add(cal.threshold(m.name()));
      }
      for (double t : thresholds) {
        EvalReport report = Evaluation.report(m.name(), answers, t);
        if (json) {
          out.println(toJson(report, cal, indexSeconds));
        } else {
          if (!first) {
            out.println();
          }
          printTable(out, report, cal, entries.size(), indexSeconds);
        }
        out.flush();
        first = false;
      }
    }
    out.flush();
    return 0;
  }

  private String toJson(EvalReport r, Calibration cal, double indexSeconds) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode o = mapper.createObjectNode();
    o.put("matcher", r.matcher());
    o.put("total", r.total());
    o.put("inScope", r.inScope());
    o.put("outOfScope", r.outOfScope());
    // Likewise without in-scope queries (a set that measures false accepts only).
    if (r.inScope() > 0) {
      o.put("top1Accuracy", r.top1Accuracy());
      o.put("top1NoThreshold", r.top1NoThreshold());
    } else {
      o.putNull("top1Accuracy");
      o.putNull("top1NoThreshold");
    }
    // Without out-of-scope queries neither rate is defined: null, not a 0 that reads as a result.
    if (r.outOfScope() > 0) {
      o.put("falseAcceptRate", r.falseAcceptRate());
      o.put("oosRecall", r.oosRecall());
    } else {
      o.putNull("falseAcceptRate");
      o.putNull("oosRecall");
    }
    o.put("answerThreshold", r.answerThreshold());
    o.put("p50Micros", r.p50Micros());
    o.put("p99Micros", r.p99Micros());
    o.put("withoutClassifiers", r.withoutClassifiers());
    o.put("indexSeconds", Math.round(indexSeconds * 100) / 100.0);
    o.put("calibration", cal.version());
    return mapper.writeValueAsString(o);
  }

  private static void printTable(PrintWriter out, EvalReport r, Calibration cal, int faqSize, double indexSeconds) {
    out.printf(Locale.ROOT, "matcher %s, calibration %s, FAQ %d entries (indexed in %.1f s)%n",
        r.matcher(), cal.version(), faqSize, indexSeconds);
    out.printf(Locale.ROOT, "queries            %d (%d in scope, %d out of scope)%n", r.total(), r.inScope(), r.outOfScope());
    out.printf(Locale.ROOT, "answer threshold   %.4f%n", r.answerThreshold());
    if (r.inScope() > 0) {
      out.printf(Locale.ROOT, "top-1 accuracy     %.1f %%  (without threshold %.1f %%)%n",
          100 * r.top1Accuracy(), 100 * r.top1NoThreshold());
    }
    if (r.outOfScope() > 0) {
      out.printf(Locale.ROOT, "false-accept rate  %.1f %%%n", 100 * r.falseAcceptRate());
      out.printf(Locale.ROOT, "out-of-scope recall %.1f %%%n", 100 * r.oosRecall());
    }
    out.printf(Locale.ROOT, "latency            p50 %d µs, p99 %d µs%n", r.p50Micros(), r.p99Micros());
    if (r.withoutClassifiers() > 0) {
      out.printf(Locale.ROOT, "without classifiers %d queries: the FAQ's entry classifiers were off or over their size "
          + "limits, so the calibration's fallback models scored them%n", r.withoutClassifiers());
    }
    if (!r.worst().isEmpty()) {
      out.println();
      out.println("worst FAQ entries (in-scope inquiries answered wrongly or not at all):");
      out.printf(Locale.ROOT, "  %-32s %9s %6s %11s  %s%n", "expected", "inquiries", "wrong", "unanswered", "most confused with");
      for (EvalReport.Confusion c : r.worst()) {
        out.printf(Locale.ROOT, "  %-32s %9d %6d %11d  %s%n", c.expected(), c.inquiries(), c.wrong(), c.unanswered(),
            c.mostConfusedWith() == null ? "-" : c.mostConfusedWith());
      }
    }
  }
}
