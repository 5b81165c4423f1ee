package io.ticketflow.cli;

import io.ticketflow.match.Calibration;
import io.ticketflow.match.Calibrator;
import io.ticketflow.match.EvalFiles;
import io.ticketflow.match.EvalFiles.LabelledQuery;
import io.ticketflow.match.EvalInputException;
import io.ticketflow.match.FaqLibrary;
import io.ticketflow.match.SelfFit;
import io.ticketflow.schema.FaqEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ticketflow calibrate}: fits the hybrid fusion and every matcher's answer threshold on a
 * company's own FAQ and labelled (validation) traffic, and writes the calibration JSON that
 * {@code eval --calibration} and the processor read.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    versionProvider = TicketflowCommand.Version.class,
    description = "Fits the hybrid matcher's calibration and answer thresholds on labelled queries.",
    footer = {"", "Examples:", "  ticketflow calibrate --faq faq.jsonl --queries self --out acme.json",
        "  ticketflow calibrate --faq faq.jsonl --queries labelled.jsonl \\",
        "      --target-far 0.05 --out acme.json",
        "", "Exit codes: 0 written, 1 cannot write --out, 2 invalid input or options",
        "(options checked before fitting)."})
final class CalibrateCommand implements Callable<Integer> {

  /** The {@code --queries} value that asks an FAQ its own wordings ({@link SelfFit}). */
  static final String SELF = "self";

  @Spec
  CommandSpec spec;

  @Option(names = "--faq", required = true,
      description = "FAQ JSONL file; repeat with --queries to fit on several FAQs (paired in order)")
  List<Path> faqs;

  @Option(names = "--queries", required = true,
      description = "labelled validation queries JSONL file for the --faq at the same position, or '"
          + SELF + "': ask the FAQ's own wordings, each of a copy of the FAQ without it ("
          + SelfFit.DEFAULT_FOLDS + " folds)")
  List<Path> queries;

  @Option(names = "--out", required = true, description = "where to write the calibration JSON")
  Path out;

  @Option(names = "--target-far", defaultValue = "0.05",
      description = "target false-accept rate for the thresholds (default: ${DEFAULT-VALUE})")
  double targetFar;

  @Option(names = "--version-label", description = "the calibration's version (default: fit-<date>)")
  String versionLabel;

  /** Read by {@link TicketflowCommand#main} before the first logger exists. */
  @Option(names = "--verbose", description = "Log the fitting steps on stderr (the ranker's cross-validated L2 strength).")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    if (faqs.size() != queries.size()) {
      spec.commandLine().getErr().println("error: give one --queries file per --faq file");
      return 2;
    }
    if (!(targetFar >= 0 && targetFar < 1)) {
      spec.commandLine().getErr().println("error: --target-far must be at least 0 and below 1, not " + targetFar);
      return 2;
    }
    // Checked before the fit, which can take minutes: a typo in --out should not cost them.
    Path outDir = out.toAbsolutePath().getParent();
    if (Files.isDirectory(out)) {
      spec.commandLine().getErr().println("error: --out " + out + " is a directory: name the file to write, such as "
          + out.resolve("calibration.json"));
      return 2;
    }
    if (!Files.isDirectory(outDir) || !Files.isWritable(outDir)) {
      spec.commandLine().getErr().println("error: --out " + out + ": directory " + outDir
          + (Files.isDirectory(outDir) ? " is not writable" : " does not exist"));
      return 2;
    }
    FaqLibrary library = FaqLibrary.full();
    List<Calibrator.LabelledSet> sets = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < faqs.size(); i++) {
      String tenant = "fit-" + i;
      try {
        List<FaqEntry> entries = EvalFiles.readFaq(faqs.get(i), tenant);
        if (queries.get(i).toString().equals(SELF)) {
          for (SelfFit.Fold fold : SelfFit.folds(entries, SelfFit.DEFAULT_FOLDS, tenant)) {
            library.upsertAll(fold.entries());
            sets.add(new Calibrator.LabelledSet(fold.entries().get(0).getTenantId(), fold.queries()));
            total += fold.queries().size();
          }
          sources.add(faqs.get(i) + " + its own wordings (" + SelfFit.DEFAULT_FOLDS + " folds)");
          continue;
        }
        List<LabelledQuery> labelled = EvalFiles.readQueries(queries.get(i));
        EvalFiles.requireKnownIds(queries.get(i), labelled, entries);
        library.upsertAll(entries);
        sets.add(new Calibrator.LabelledSet(tenant, labelled));
        total += labelled.size();
      } catch (EvalInputException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 2;
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("error: " + faqs.get(i) + ": " + e.getMessage());
        return 2;
      }
      sources.add(faqs.get(i) + " + " + queries.get(i));
    }
    String version = versionLabel != null ? versionLabel : "fit-" + LocalDate.now(ZoneOffset.UTC);
    Calibration cal;
    try (ProgressBar bar = Progress.bar("fitting", total)) {
      cal = Calibrator.fit(library, sets, targetFar, version, String.join("; ", sources), bar::step);
    } catch (IllegalArgumentException e) {
      // Inquiries that cannot fit a calibration, such as none answered wrongly and none out of scope.
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 2;
    }
    try {
      cal.write(out);
    } catch (IOException e) {
      spec.commandLine().getErr().println("error: cannot write --out " + out + ": " + Failures.whyUnreadable(e));
      return 1;
    }
    stdout.printf(Locale.ROOT, "wrote %s (version %s), thresholds at target false-accept rate %.3f:%n", out, version, targetFar);
    for (Map.Entry<String, Double> t : cal.thresholds().entrySet()) {
      stdout.printf(Locale.ROOT, "  %-9s %.4f%n", t.getKey(), t.getValue());
    }
    stdout.flush();
    return 0;
  }
}
