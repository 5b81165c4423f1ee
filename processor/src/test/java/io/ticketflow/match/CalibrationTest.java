package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
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

  @Test
  void aFileWrittenBeforeThemStillLoadsAndUsesItsMainModels(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("old.json");
    DEFAULT.write(file);
    ObjectMapper json = new ObjectMapper();
    ObjectNode old = (ObjectNode) json.readTree(file.toFile());
    old.remove("withoutGramClassifier");
    old.remove("withoutClassifiers");
    json.writeValue(file.toFile(), old);

    Calibration loaded = Calibration.load(file);
    assertThat(loaded.hasFallbacks()).isFalse();
    assertThat(loaded.confidence(candidate(Signals.Classifiers.NONE), 0.7, 0.5))
        .isEqualTo(DEFAULT.confidence(candidate(Signals.Classifiers.BOTH), 0.7, 0.5));
  }

  @Test
  void aFallbackThatWeighsAMissingSignalIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    DEFAULT.write(file);
    ObjectMapper json = new ObjectMapper();
    ObjectNode bad = (ObjectNode) json.readTree(file.toFile());
    ((com.fasterxml.jackson.databind.node.ArrayNode) bad.at("/withoutClassifiers/acceptor/weights"))
        .set(Features.ACCEPTOR.indexOf("probe"), 0.4);
    json.writeValue(file.toFile(), bad);

    assertThatThrownBy(() -> Calibration.load(file)).isInstanceOf(Calibration.InvalidCalibrationException.class)
        .hasMessageContaining("weigh 'probe'").hasMessageContaining("re-fit it");
  }
}
