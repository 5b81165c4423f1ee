package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

  @TempDir
  Path dir;

  private final CliRunner cli = new CliRunner();

  @Test
  void jsonOutputHasTheDesignKeys() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"),
        "{\"id\": \"refund\", \"question\": \"怎么退款\", \"alternates\": [\"how do refunds work\"], \"answer\": \"a\", \"language\": \"zh\"}\n"
            + "{\"id\": \"track\", \"question\": \"Where is my parcel?\", \"answer\": \"b\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"),
        "{\"text\": \"怎麼退款？\", \"expected\": \"refund\"}\n"
            + "{\"text\": \"WHERE IS MY PARCEL\", \"expected\": \"track\"}\n"
            + "{\"text\": \"where is the parcel\", \"expected\": \"track\"}\n"
            + "{\"text\": \"tell me a joke\", \"expected\": null}\n");

    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact", "--json"))
        .isZero();

    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("total").asInt()).isEqualTo(4);
    assertThat(json.get("inScope").asInt()).isEqualTo(3);
    assertThat(json.get("outOfScope").asInt()).isEqualTo(1);
    assertThat(json.get("top1Accuracy").asDouble()).isEqualTo(2.0 / 3);
    assertThat(json.get("falseAcceptRate").asDouble()).isZero();
    assertThat(json.get("oosRecall").asDouble()).isEqualTo(1.0);
    assertThat(json.get("answerThreshold").asDouble()).isEqualTo(1.0);
    assertThat(json.has("p50Micros")).isTrue();
    assertThat(json.has("p99Micros")).isTrue();
  }

  /** Without out-of-scope queries the false-accept rate and out-of-scope recall are undefined, not 0. */
  @Test
  void ratesOfOutOfScopeQueriesAreNullWithoutAny() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"q\", \"expected\": \"a\"}\n");
    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact", "--json"))
        .isZero();
    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("outOfScope").asInt()).isZero();
    assertThat(json.get("oosRecall").isNull()).isTrue();
    assertThat(json.get("falseAcceptRate").isNull()).isTrue();
    assertThat(json.get("top1Accuracy").asDouble()).isEqualTo(1.0);
  }

  /**
   * Without in-scope queries (a set that measures false accepts only) the top-1 accuracy is undefined:
   * null in the JSON and left out of the table, not a 0 % that reads as a result.
   */
  @Test
  void accuracyIsNullWithoutInScopeQueries() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"tell me a joke\", \"expected\": null}\n");
    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact", "--json"))
        .isZero();
    JsonNode json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("inScope").asInt()).isZero();
    assertThat(json.get("top1Accuracy").isNull()).isTrue();
    assertThat(json.get("top1NoThreshold").isNull()).isTrue();
    assertThat(json.get("falseAcceptRate").asDouble()).isZero();

    CliRunner table = new CliRunner();
    assertThat(table.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact"))
        .isZero();
    assertThat(table.out()).doesNotContain("top-1 accuracy").contains("false-accept rate  0.0 %");
  }

  /** How many inquiries the calibration's fallback models scored, so that a figure can be read right. */
  @Test
  void reportsTheInquiriesScoredWithoutEntryClassifiers() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"),
        "{\"id\": \"track\", \"question\": \"Where is my parcel?\", \"answer\": \"a\"}\n"
            + "{\"id\": \"refund\", \"question\": \"How long does a refund take?\", \"answer\": \"b\"}\n"
            + "{\"id\": \"hours\", \"question\": \"When are you open?\", \"answer\": \"c\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"),
        "{\"text\": \"where's my package\", \"expected\": \"track\"}\n"
            + "{\"text\": \"money back how long\", \"expected\": \"refund\"}\n");
    String[] hybrid = {"eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "hybrid"};

    assertThat(withoutClassifiers(hybrid, "--json")).isZero();
    assertThat(withoutClassifiers(hybrid, "--json", "--no-classifiers")).isEqualTo(2);
    CliRunner table = new CliRunner();
    assertThat(table.run(concat(hybrid, "--no-classifiers"))).isZero();
    assertThat(table.out()).contains("without classifiers 2 queries");
  }

  private static int withoutClassifiers(String[] args, String... more) throws Exception {
    CliRunner runner = new CliRunner();
    assertThat(runner.run(concat(args, more))).isZero();
    return new ObjectMapper().readTree(runner.out()).get("withoutClassifiers").asInt();
  }

  private static String[] concat(String[] a, String... b) {
    return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
  }

  @Test
  void tableNamesTheWorstEntries() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"),
        "{\"id\": \"track\", \"question\": \"Where is my parcel?\", \"answer\": \"b\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"parcel location\", \"expected\": \"track\"}\n");
    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "lexical",
        "--threshold", "0.99")).isZero();
    assertThat(cli.out()).contains("top-1 accuracy     0.0 %  (without threshold 100.0 %)")
        .contains("worst FAQ entries").contains("track");
  }

  @Test
  void badInputNamesFileAndLine() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"q\", \"expected\": \"a\"}\n{\"text\": 3, \"expected\": null}\n");
    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact")).isEqualTo(2);
    assertThat(cli.err()).contains(queries + ":2: \"text\" must be a non-empty string");
  }

  @Test
  void aCalibrationFittedOnOtherFeaturesIsRefusedWithAClearMessage() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"q\", \"expected\": \"a\"}\n");
    Path stale = Files.writeString(dir.resolve("old.json"), "{\"version\": \"old\", \"fittedOn\": \"x\", "
        + "\"rankerFeatures\": [\"maxCos\"], \"ranker\": null, \"acceptorFeatures\": [\"maxCos\"], "
        + "\"acceptor\": null, \"targetFalseAcceptRate\": 0.05, \"thresholds\": {}}");
    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact",
        "--calibration", stale.toString())).isEqualTo(2);
    assertThat(cli.err()).contains(stale + ": not a calibration written by 'ticketflow calibrate': calibration old "
        + "was fitted on other features").doesNotContain("Exception");
  }

  @Test
  void missingFilesAreNamedInOneLine() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"q\", \"expected\": \"a\"}\n");
    Path missing = dir.resolve("missing.jsonl");
    assertThat(cli.run("eval", "--faq", missing.toString(), "--queries", queries.toString(), "--matcher", "exact"))
        .isEqualTo(2);
    assertThat(cli.err()).contains(missing + ": no such file").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", missing.toString(), "--matcher", "exact"))
        .isEqualTo(2);
    assertThat(cli.err()).contains(missing + ": no such file");
    Path noCalibration = dir.resolve("missing.json");
    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact",
        "--calibration", noCalibration.toString())).isEqualTo(2);
    assertThat(cli.err()).contains(noCalibration + ": no such file").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact",
        "--calibration", dir.toString())).isEqualTo(2);
    assertThat(cli.err()).contains(dir + ": not a file").doesNotContain("Exception");
    // Not a regular file, yet readable (as a pipe from the shell's <(…) is): read, and judged by its content.
    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact",
        "--calibration", "/dev/null")).isEqualTo(2);
    assertThat(cli.err()).contains("/dev/null: not a calibration written by 'ticketflow calibrate'");
    assertThat(cli.run("calibrate", "--faq", missing.toString(), "--queries", "self", "--out",
        dir.resolve("out.json").toString())).isEqualTo(2);
    assertThat(cli.err()).contains(missing + ": no such file");
  }

  @Test
  void aTargetFarOutsideZeroToOneIsRefused() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"q\", \"expected\": \"a\"}\n");
    for (String far : new String[] {"-0.1", "1", "0.05,1.5"}) {
      CliRunner run = new CliRunner();
      assertThat(run.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--val-queries",
          queries.toString(), "--matcher", "lexical", "--target-far", far)).as("--target-far " + far).isEqualTo(2);
      assertThat(run.err()).contains("--target-far must be at least 0 and below 1").doesNotContain("\tat ");
    }
  }

  @Test
  void aTargetFarWithoutValidationQueriesIsRefused() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"q\", \"expected\": \"a\"}\n");

    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact",
        "--target-far", "0.1")).isEqualTo(2);
    assertThat(cli.err()).contains("--target-far picks thresholds on --val-queries");
    assertThat(cli.out()).isEmpty();
  }

  /** Both choose the threshold: --threshold won and the validation queries were matched for nothing. */
  @Test
  void aThresholdWithValidationQueriesIsRefused() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"q\", \"expected\": \"a\"}\n");

    assertThat(cli.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact",
        "--val-queries", queries.toString(), "--threshold", "0.5")).isEqualTo(2);
    assertThat(cli.err()).contains("give --threshold or --val-queries, not both");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aThresholdOutsideZeroToOneIsRefused() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"q\", \"expected\": \"a\"}\n");
    for (String threshold : new String[] {"7", "-0.5", "NaN", "1.01"}) {
      CliRunner run = new CliRunner();
      assertThat(run.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact",
          "--threshold", threshold)).as("--threshold " + threshold).isEqualTo(2);
      assertThat(run.err()).contains("--threshold must be between 0 and 1").doesNotContain("\tat ");
    }
    for (String threshold : new String[] {"0", "1", "0.8"}) {
      CliRunner run = new CliRunner();
      assertThat(run.run("eval", "--faq", faq.toString(), "--queries", queries.toString(), "--matcher", "exact",
          "--threshold", threshold)).as("--threshold " + threshold).isZero();
    }
  }

  @Test
  void aDirectoryOrANonUtf8FileIsNamedWithoutAStackTrace() throws Exception {
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"q\", \"expected\": \"a\"}\n");
    assertThat(cli.run("eval", "--faq", dir.toString(), "--queries", queries.toString(), "--matcher", "exact"))
        .isEqualTo(2);
    assertThat(cli.err()).contains(dir + ": is a directory").doesNotContain("\tat ");
    Path latin1 = Files.write(dir.resolve("faq.jsonl"),
        "{\"id\": \"a\", \"question\": \"caf\u00e9\", \"answer\": \"x\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    CliRunner run = new CliRunner();
    assertThat(run.run("eval", "--faq", latin1.toString(), "--queries", queries.toString(), "--matcher", "exact"))
        .isEqualTo(2);
    assertThat(run.err()).contains(latin1 + ":1: not UTF-8 text").doesNotContain("\tat ");
  }
}
