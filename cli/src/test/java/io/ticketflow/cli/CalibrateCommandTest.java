package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.Calibration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateCommandTest {

  private static final String FAQ = """
      {"id": "refund", "question": "how do I get a refund", "alternates": ["I want my money back", "refund my order", "when will the refund arrive"], "answer": "a"}
      {"id": "track", "question": "where is my parcel", "alternates": ["track my order", "my package has not arrived", "delivery status"], "answer": "b"}
      {"id": "password", "question": "I forgot my password", "alternates": ["reset my password", "cannot log in to my account", "change my login password"], "answer": "c"}
      {"id": "card", "question": "my card was declined", "alternates": ["payment failed at checkout", "why is my card refused", "card payment not working"], "answer": "d"}
      {"id": "invoice", "question": "can I get an invoice", "alternates": ["send me a receipt", "download the invoice", "I need a VAT invoice"], "answer": "e"}
      {"id": "退货", "question": "怎么退货", "alternates": ["我想退货", "退货流程是什么", "商品可以退回吗"], "answer": "f", "language": "zh"}
      """;

  private static final String QUERIES = """
      {"text": "money back please", "expected": "refund"}
      {"text": "has my package shipped yet", "expected": "track"}
      {"text": "what's the weather tomorrow", "expected": null}
      {"text": "tell me a joke", "expected": null}
      {"text": "今天天气怎么样", "expected": null}
      """;

  @TempDir
  Path dir;

  private final CliRunner cli = new CliRunner();

  @Test
  void fitsOnAnFaqsOwnWordingsBesideLabelledInquiries() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), FAQ);
    Path queries = Files.writeString(dir.resolve("q.jsonl"), QUERIES);
    Path cal = dir.resolve("cal.json");

    assertThat(cli.run("calibrate", "--faq", faq.toString(), "--queries", "self",
        "--faq", faq.toString(), "--queries", queries.toString(), "--out", cal.toString(),
        "--version-label", "self-test")).as(cli.err()).isZero();

    Calibration fitted = Calibration.load(cal);
    assertThat(fitted.version()).isEqualTo("self-test");
    assertThat(fitted.hasFallbacks()).as("models for FAQs without entry classifiers").isTrue();
    assertThat(fitted.fittedOn()).contains(faq + " + its own wordings (5 folds)").contains(faq + " + " + queries);
    // In name order, in the file and in the listing, whatever the JVM's hash seed.
    assertThat(fitted.thresholds()).containsOnlyKeys("exact", "lexical", "semantic", "hybrid");
    assertThat(List.copyOf(fitted.thresholds().keySet())).containsExactly("exact", "hybrid", "lexical", "semantic");
    String written = Files.readString(cal);
    assertThat(written.indexOf("\"exact\"")).isLessThan(written.indexOf("\"hybrid\""));
    assertThat(written.indexOf("\"hybrid\"")).isLessThan(written.indexOf("\"lexical\""));
    assertThat(written.indexOf("\"lexical\"")).isLessThan(written.indexOf("\"semantic\""));
    assertThat(cli.out()).contains("wrote " + cal)
        .containsSubsequence("  exact ", "  hybrid ", "  lexical ", "  semantic ");
  }

  @Test
  void anFaqWithoutAlternatesCannotBeAskedItsOwnWordings() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"),
        "{\"id\": \"a\", \"question\": \"where is my parcel\", \"answer\": \"x\"}\n");

    assertThat(cli.run("calibrate", "--faq", faq.toString(), "--queries", "self", "--out",
        dir.resolve("cal.json").toString())).isEqualTo(2);
    assertThat(cli.err()).contains("error: " + faq + ": self-fitting needs FAQ entries with at least two wordings");
    assertThat(dir.resolve("cal.json")).doesNotExist();
  }

  /** The output is only written after the fit, which can take minutes: a typo must not cost them. */
  @Test
  void anOutInAMissingDirectoryIsRefusedBeforeFitting() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), FAQ);
    Path out = dir.resolve("no-such-dir/acme.json");

    assertThat(cli.run("calibrate", "--faq", faq.toString(), "--queries", "self", "--out", out.toString()))
        .isEqualTo(2);
    assertThat(cli.err()).isEqualTo("error: --out " + out + ": directory " + out.getParent() + " does not exist"
        + System.lineSeparator());
  }

  @Test
  void anOutThatIsADirectoryIsRefusedBeforeFitting() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), FAQ);

    assertThat(cli.run("calibrate", "--faq", faq.toString(), "--queries", "self", "--out", dir.toString()))
        .isEqualTo(2);
    assertThat(cli.err()).isEqualTo("error: --out " + dir + " is a directory: name the file to write, such as "
        + dir.resolve("calibration.json") + System.lineSeparator());
  }

  /**
   * Labelled inquiries the FAQ answers all rightly, none out of scope, teach no acceptor what a wrong
   * answer looks like: an input error in one line (it was a stack trace and exit 1, "cannot write").
   */
  @Test
  void inquiriesWithoutAWrongAnswerOrOutOfScopeOneAreAnInputErrorInOneLine() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), FAQ);
    Path queries = Files.writeString(dir.resolve("q.jsonl"), """
        {"text": "how do I get a refund", "expected": "refund"}
        {"text": "where is my parcel", "expected": "track"}
        """);

    assertThat(cli.run("calibrate", "--faq", faq.toString(), "--queries", queries.toString(), "--out",
        dir.resolve("cal.json").toString())).isEqualTo(2);
    assertThat(cli.err()).startsWith("error: ").contains("fitting needs both right and wrong candidates")
        .doesNotContain("\tat ");
    assertThat(dir.resolve("cal.json")).doesNotExist();
  }

  @Test
  void aTargetFarOutsideZeroToOneIsRefused() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), FAQ);
    for (String far : List.of("-0.1", "1", "1.5", "NaN")) {
      CliRunner run = new CliRunner();
      assertThat(run.run("calibrate", "--faq", faq.toString(), "--queries", "self", "--target-far", far,
          "--out", dir.resolve("cal.json").toString())).as("--target-far " + far).isEqualTo(2);
      assertThat(run.err()).contains("--target-far must be at least 0 and below 1");
      assertThat(dir.resolve("cal.json")).doesNotExist();
    }
  }
}
