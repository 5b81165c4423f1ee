package io.ticketflow.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fitted fusion parameters, stored as a versioned JSON resource. Two linear models on the same
 * standardized form: the {@code ranker} orders one inquiry's candidates (fitted listwise, its score
 * mapped to "is this the right entry?"; {@link RankerFit}), the {@code acceptor}, a logistic
 * regression, turns the best candidate into the confidence that answering with
 * it is right (trained on best candidates only, out-of-scope inquiries being negatives) — one model
 * cannot do both well, because ranking is about relative and acceptance about absolute evidence.
 * {@code thresholds} holds each matcher's answer threshold, picked on validation data for
 * {@code targetFalseAcceptRate}; {@code version} says what the calibration was fitted on.
 *
 * <p>{@code withoutGramClassifier} and {@code withoutClassifiers} are the same two models fitted on
 * the same inquiries without the n-gram classifier's signal, and without both classifiers' signals,
 * for inquiries whose FAQ has no such classifier (over {@link EntryClassifier#MAX_ENTRIES} entries, a
 * vocabulary too large for the n-gram one, or classifiers still training after a change). The
 * classifiers' signals then hold a uniform placeholder; read by the models fitted with them, it
 * lowered CLINC150's answered-rightly share at the default threshold from 94 to 72 %
 * (docs/quality.md). A file written before they existed has neither and scores such inquiries
 * with the main models.
 */
public record Calibration(String version, String fittedOn, List<String> rankerFeatures,
    LinearModel ranker, List<String> acceptorFeatures, LinearModel acceptor,
    double targetFalseAcceptRate, Map<String, Double> thresholds, Models withoutGramClassifier,
    Models withoutClassifiers) {

  /** A ranker and an acceptor for inquiries scored without some of the classifiers' signals. */
  public record Models(LinearModel ranker, LinearModel acceptor) {}

  /** The shipped default (see docs/quality.md for what it was fitted on). */
  public static final String DEFAULT_RESOURCE = "/io/ticketflow/match/calibration-default.json";

  private static final Logger LOG = LoggerFactory.getLogger(Calibration.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Calibration {
    Objects.requireNonNull(version, "version");
    if (!rankerFeatures.equals(Features.RANKER) || !acceptorFeatures.equals(Features.ACCEPTOR)) {
      throw new IllegalArgumentException("calibration " + version + " was fitted on other features than "
          + "this build computes (" + Features.RANKER + " + rank probability and lead); re-fit it");
    }
    // Sorted, and kept so: a written file and calibrate's listing do not change order between runs.
    thresholds = Collections.unmodifiableMap(new TreeMap<>(thresholds));
    thresholds.forEach((matcher, threshold) -> {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("calibration " + version + "'s threshold for " + matcher + " is "
            + threshold + ", not a confidence from 0 to 1");
      }
    });
    requireShape(version, "main", ranker, acceptor);
    if (withoutGramClassifier != null) {
      requireShape(version, "withoutGramClassifier", withoutGramClassifier.ranker(), withoutGramClassifier.acceptor());
    }
    if (withoutClassifiers != null) {
      requireShape(version, "withoutClassifiers", withoutClassifiers.ranker(), withoutClassifiers.acceptor());
    }
    requireUnused(version, withoutGramClassifier, Signals.Classifiers.EMBEDDING_ONLY);
    requireUnused(version, withoutClassifiers, Signals.Classifiers.NONE);
  }

  /** A calibration with the main models only: inquiries without classifiers are scored by them too. */
  public Calibration(String version, String fittedOn, List<String> rankerFeatures, LinearModel ranker,
      List<String> acceptorFeatures, LinearModel acceptor, double targetFalseAcceptRate,
      Map<String, Double> thresholds) {
    this(version, fittedOn, rankerFeatures, ranker, acceptorFeatures, acceptor, targetFalseAcceptRate,
        thresholds, null, null);
  }

  /** Both models present, with one weight per feature: a file that loads can score every inquiry. */
  private static void requireShape(String version, String pair, LinearModel ranker, LinearModel acceptor) {
    if (ranker == null || acceptor == null) {
      throw new IllegalArgumentException("calibration " + version + " lacks the " + pair + " "
          + (ranker == null ? "ranker" : "acceptor"));
    }
    if (ranker.weights().length != Features.RANKER.size() || acceptor.weights().length != Features.ACCEPTOR.size()) {
      throw new IllegalArgumentException("calibration " + version + "'s " + pair + " models have "
          + ranker.weights().length + " and " + acceptor.weights().length + " weights where this build computes "
          + Features.RANKER.size() + " and " + Features.ACCEPTOR.size() + "; re-fit it");
    }
    requireFinite(version, pair + " ranker", ranker);
    requireFinite(version, pair + " acceptor", acceptor);
  }

  /** A value that is no finite number, or a scale of 0, would make every confidence NaN or 0. */
  private static void requireFinite(String version, String model, LinearModel m) {
    boolean finite = Double.isFinite(m.bias());
    for (int i = 0; i < m.weights().length; i++) {
      finite &= Double.isFinite(m.weights()[i]) && Double.isFinite(m.mean()[i])
          && Double.isFinite(m.scale()[i]) && m.scale()[i] > 0;
    }
    if (!finite) {
      throw new IllegalArgumentException("calibration " + version + "'s " + model + " has a weight, bias, mean "
          + "or scale that is no finite number (or a scale not above 0); re-fit it");
    }
  }

  /** A fallback must not read the signals its case lacks: their placeholder would move its scores. */
  private static void requireUnused(String version, Models models, Signals.Classifiers classifiers) {
    if (models == null) {
      return;
    }
    for (String feature : Features.unavailable(classifiers)) {
      if (models.ranker().weights()[Features.RANKER.indexOf(feature)] != 0
          || models.acceptor().weights()[Features.ACCEPTOR.indexOf(feature)] != 0) {
        throw new IllegalArgumentException("calibration " + version + "'s models for inquiries scored "
            + "with classifiers " + classifiers + " weigh '" + feature + "', which such inquiries lack; re-fit it");
      }
    }
  }

  /** Whether this calibration has models for inquiries scored without the classifiers' signals. */
  public boolean hasFallbacks() {
    return withoutGramClassifier != null && withoutClassifiers != null;
  }

  /** The ranker's probability that the candidate is the inquiry's entry (orders candidates). */
  public double rankProbability(Signals s) {
    Models m = fallback(s.classifiers());
    return (m == null ? ranker : m.ranker()).probability(Features.ranker(s));
  }

  /** The calibrated probability that answering with this best candidate is right. */
  public double confidence(Signals best, double rankProbability, double rankLead) {
    Models m = fallback(best.classifiers());
    return (m == null ? acceptor : m.acceptor()).probability(Features.acceptor(best, rankProbability, rankLead));
  }

  /** The models fitted for this case, or null for the main ones. */
  private Models fallback(Signals.Classifiers classifiers) {
    return switch (classifiers) {
      case BOTH, OTHER_LANGUAGE -> null;
      case EMBEDDING_ONLY -> withoutGramClassifier;
      case NONE -> withoutClassifiers;
    };
  }

  /** The answer threshold for a matcher; 1.0 (answer only certainties) when none was picked. */
  public double threshold(String matcher) {
    return thresholds.getOrDefault(matcher, 1.0);
  }

  public Calibration withThresholds(Map<String, Double> picked) {
    return new Calibration(version, fittedOn, rankerFeatures, ranker, acceptorFeatures, acceptor,
        targetFalseAcceptRate, picked, withoutGramClassifier, withoutClassifiers);
  }


  public static Calibration loadDefault() {
    try (InputStream in = Calibration.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return JSON.readValue(in, Calibration.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a calibration file.
   *
   * @throws InvalidCalibrationException when the file is not a calibration this build can use (not
   *     one written by {@code ticketflow calibrate}, or fitted on other features)
   * @throws IOException when the file cannot be read
   */
  public static Calibration load(Path file) throws IOException {
    Calibration calibration;
    try {
      calibration = JSON.readValue(file.toFile(), Calibration.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
      throw new InvalidCalibrationException("not a calibration written by 'ticketflow calibrate': "
          + (cause != null ? cause.getMessage() : e.getOriginalMessage()));
    }
    if (!calibration.hasFallbacks()) {
      LOG.warn("Calibration {} ({}) has no models for FAQs without entry classifiers (over {} entries, "
          + "or while the classifiers train after a change): their inquiries get lower confidences "
          + "than its threshold assumes. Re-fit it with this build's 'ticketflow calibrate'.",
          calibration.version(), file, EntryClassifier.MAX_ENTRIES);
    }
    return calibration;
  }

  /** A calibration file this build cannot use; the message says why, without a stack trace's noise. */
  public static final class InvalidCalibrationException extends IOException {
    InvalidCalibrationException(String message) {
      super(message);
    }
  }

  /**
   * Writes to a temporary file beside {@code file} and moves it into place, so a reader (the
   * processor loading it at startup) never sees half a calibration, and a failed write leaves the
   * previous one intact.
   */
  public void write(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
    try {
      JSON.writeValue(temp.toFile(), this);
      // A temporary file is its owner's only (rw-------); the calibration is read by the processor,
      // perhaps as another user: the file keeps the permissions it had, or gets rw-r--r--.
      try {
        Files.setPosixFilePermissions(temp, Files.exists(target) ? Files.getPosixFilePermissions(target)
            : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // no POSIX permissions to keep (Windows)
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
