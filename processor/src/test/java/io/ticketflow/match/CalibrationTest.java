package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketflow.schema.FaqEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calibration's models for inquiries scored without the FAQ's entry classifiers. */
class CalibrationTest {

  private static final Calibration DEFAULT = Calibration.loadDefault();

  private static Signals candidate(Signals.Classifiers used) {
    return new Signals("x", false, 4, 1.0, 0.82, 0.80, 0.81, 0.08, 0.5, -3.2, -3.2, true, false, used);
  }

  @Test
  void theDefaultHasThemAndWeighsNoMissingSignal() {
    assertThat(DEFAULT.hasFallbacks()).isTrue();
    assertThat(DEFAULT.withoutClassifiers().ranker().weights()[Features.RANKER.indexOf("probe")]).isZero();
    assertThat(DEFAULT.withoutClassifiers().acceptor().weights()[Features.ACCEPTOR.indexOf("gramProbe")]).isZero();
    assertThat(DEFAULT.withoutGramClassifier().ranker().weights()[Features.RANKER.indexOf("probe")]).isPositive();
    assertThat(DEFAULT.withoutGramClassifier().ranker().weights()[Features.RANKER.indexOf("gramProbe")]).isZero();
  }

  @Test
  void eachCaseIsScoredByItsOwnModels() {
    double main = DEFAULT.confidence(candidate(Signals.Classifiers.BOTH), 0.7, 0.5);
    double none = DEFAULT.confidence(candidate(Signals.Classifiers.NONE), 0.7, 0.5);
    assertThat(none).isNotEqualTo(main);
    assertThat(none).isEqualTo(DEFAULT.withoutClassifiers().acceptor()
        .probability(Features.acceptor(candidate(Signals.Classifiers.NONE), 0.7, 0.5)));
    assertThat(DEFAULT.rankProbability(candidate(Signals.Classifiers.EMBEDDING_ONLY))).isEqualTo(
        DEFAULT.withoutGramClassifier().ranker().probability(Features.ranker(candidate(Signals.Classifiers.BOTH))));
  }

  /**
   * A company that fits only on an FAQ of over 1,000 entries has no inquiry with classifier signals:
   * its main models must not learn from placeholders, so they are the fallback's.
   */
  @Test
  void fittedWhereNoInquiryHadClassifiersTheMainModelsAreTheFallbacks() {
    FaqLibrary library = FaqLibrary.full().withoutClassifiers();
    library.upsertAll(TestFaqs.bilingualFaq());
    Calibration fitted = Calibrator.fit(library, TestFaqs.TENANT, TestFaqs.queries("cs-bilingual/queries-fit.jsonl"),
        0.05, "large-faq", "test", () -> { });

    assertThat(fitted.withoutGramClassifier()).isSameAs(fitted.withoutClassifiers());
    assertThat(fitted.ranker()).isSameAs(fitted.withoutClassifiers().ranker());
    assertThat(fitted.acceptor()).isSameAs(fitted.withoutClassifiers().acceptor());
    assertThat(fitted.ranker().weights()[Features.RANKER.indexOf("probe")]).isZero();
  }

  /**
   * Chinese inquiries against an English-only FAQ have no candidate a classifier would know: scored
   * by the main models, but no evidence for them, so they must not be all the main models learn from.
   */
  @Test
  void crossLingualInquiriesAloneDoNotFitTheMainModels() {
    FaqLibrary library = FaqLibrary.full().withoutClassifiers();
    List<FaqEntry> english = TestFaqs.bilingualFaq().stream().filter(e -> e.getLanguage().equals("en")).toList();
    library.upsertAll(english);
    Set<String> ids = english.stream().map(FaqEntry::getId).collect(Collectors.toSet());
    List<EvalFiles.LabelledQuery> fit = TestFaqs.queries("cs-bilingual/queries-fit.jsonl").stream()
        .filter(q -> q.outOfScope() || ids.contains(q.expected())).toList();
    List<EvalFiles.LabelledQuery> chinese = fit.stream().filter(q -> ScriptDetector.containsHan(q.text())).toList();
    // Asked twice, so that they alone would be enough inquiries to fit a pair on.
    List<EvalFiles.LabelledQuery> queries = Stream.of(fit, chinese).flatMap(List::stream).toList();
    assertThat(2 * chinese.size()).isGreaterThanOrEqualTo(RankerFit.MIN_INQUIRIES);

    Calibration fitted = Calibrator.fit(library, TestFaqs.TENANT, queries, 0.05, "english", "test", () -> { });

    assertThat(fitted.ranker()).isSameAs(fitted.withoutClassifiers().ranker());
    assertThat(fitted.acceptor()).isSameAs(fitted.withoutClassifiers().acceptor());
  }

  @Test
  void aFallbackWithTheWrongNumberOfWeightsIsRefusedWhenLoaded(@TempDir Path dir) throws Exception {
    Path file = defaultEdited(dir.resolve("short.json"), tree -> {
      for (String part : new String[] {"mean", "scale", "weights"}) {
        ((ArrayNode) tree.at("/withoutClassifiers/ranker/" + part)).remove(0);
      }
    });

    assertThatThrownBy(() -> Calibration.load(file)).isInstanceOf(Calibration.InvalidCalibrationException.class)
        .hasMessageContaining("withoutClassifiers models have 12 and 15 weights");
  }

  /**
   * A weight, bias, mean or scale that is no finite number (Jackson reads "NaN" and "Infinity"), or a
   * scale of 0, made confidences NaN or 0: every match threw, or nothing was ever answered.
   */
  @Test
  void aModelWithAValueThatIsNoFiniteNumberIsRefusedWhenLoaded(@TempDir Path dir) throws Exception {
    Map<String, Consumer<ObjectNode>> edits = Map.of(
        "weight", tree -> ((ArrayNode) tree.at("/acceptor/weights")).set(0, "NaN"),
        "bias", tree -> ((ObjectNode) tree.at("/withoutClassifiers/ranker")).put("bias", "Infinity"),
        "mean", tree -> ((ArrayNode) tree.at("/ranker/mean")).set(2, "-Infinity"),
        "scale", tree -> ((ArrayNode) tree.at("/withoutGramClassifier/acceptor/scale")).set(1, 0.0));
    for (Map.Entry<String, Consumer<ObjectNode>> edit : edits.entrySet()) {
      Path file = defaultEdited(dir.resolve(edit.getKey() + ".json"), edit.getValue());
      assertThatThrownBy(() -> Calibration.load(file)).as(edit.getKey())
          .isInstanceOf(Calibration.InvalidCalibrationException.class).hasMessageContaining("re-fit it");
    }
  }

  /** A threshold no confidence can reach (or NaN) answered nothing; eval reported 0 % without a word. */
  @Test
  void aThresholdOutsideZeroToOneIsRefusedWhenLoaded(@TempDir Path dir) throws Exception {
    for (Object bad : List.of(2.0, -0.5, "NaN")) {
      Path file = defaultEdited(dir.resolve("threshold.json"), tree -> ((ObjectNode) tree.get("thresholds"))
          .putPOJO("hybrid", bad));
      assertThatThrownBy(() -> Calibration.load(file)).as(bad.toString())
          .isInstanceOf(Calibration.InvalidCalibrationException.class).hasMessageContaining("hybrid");
    }
  }

  /** The default calibration written to {@code file} after {@code edit} changed its JSON. */
  private static Path defaultEdited(Path file, Consumer<ObjectNode> edit) throws IOException {
    DEFAULT.write(file);
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = (ObjectNode) json.readTree(file.toFile());
    edit.accept(tree);
    json.writeValue(file.toFile(), tree);
    return file;
  }

  @Test
  void aFileWrittenBeforeThemStillLoadsAndUsesItsMainModels(@TempDir Path dir) throws Exception {
    Calibration loaded = Calibration.load(defaultEdited(dir.resolve("old.json"), tree -> {
      tree.remove("withoutGramClassifier");
      tree.remove("withoutClassifiers");
    }));
    assertThat(loaded.hasFallbacks()).isFalse();
    assertThat(loaded.confidence(candidate(Signals.Classifiers.NONE), 0.7, 0.5))
        .isEqualTo(DEFAULT.confidence(candidate(Signals.Classifiers.BOTH), 0.7, 0.5));
  }

  @Test
  void aFallbackThatWeighsAMissingSignalIsRefused(@TempDir Path dir) throws Exception {
    Path file = defaultEdited(dir.resolve("bad.json"), tree -> ((ArrayNode) tree.at("/withoutClassifiers/acceptor/weights"))
        .set(Features.ACCEPTOR.indexOf("probe"), 0.4));

    assertThatThrownBy(() -> Calibration.load(file)).isInstanceOf(Calibration.InvalidCalibrationException.class)
        .hasMessageContaining("weigh 'probe'").hasMessageContaining("re-fit it");
  }

  /** The processor may be reading the old file while calibrate replaces it: it must see all of it. */
  @Test
  void writeReplacesTheFileWholeAndLeavesTheOldOneIntactForItsReaders(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("acme.json");
    Files.writeString(file, "old calibration");
    Path reader = Files.createLink(dir.resolve("open-by-a-reader.json"), file);

    DEFAULT.write(file);

    assertThat(Calibration.load(file).version()).isEqualTo(DEFAULT.version());
    assertThat(Files.readString(reader)).isEqualTo("old calibration");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("acme.json",
          "open-by-a-reader.json");
    }
  }

  /** Written by calibrate, read by a processor that may run as another user. */
  @Test
  void aWrittenCalibrationIsReadableByOthersOrKeepsItsPermissions(@TempDir Path dir) throws Exception {
    Path fresh = dir.resolve("fresh.json");
    DEFAULT.write(fresh);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
        .isEqualTo("rw-r--r--");
    Path kept = dir.resolve("kept.json");
    Files.writeString(kept, "old");
    Files.setPosixFilePermissions(kept, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
    DEFAULT.write(kept);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)))
        .isEqualTo("rw-rw----");
  }
}
