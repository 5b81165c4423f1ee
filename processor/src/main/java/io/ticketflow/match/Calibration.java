package io.ticketflow.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Fitted fusion parameters, stored as a versioned JSON resource. Two linear models on the same
 * standardized form: the {@code ranker} orders one inquiry's candidates (fitted listwise, its score
 * mapped to "is this the right entry?"; {@link RankerFit}), the {@code acceptor}, a logistic
 * regression, turns the best candidate into the confidence that answering with
 * it is right (trained on best candidates only, out-of-scope inquiries being negatives) — one model
 * cannot do both well, because ranking is about relative and acceptance about absolute evidence.
 * {@code thresholds} holds each matcher's answer threshold, picked on validation data for
 * {@code targetFalseAcceptRate}; {@code version} says what the calibration was fitted on.
 */
public record Calibration(String version, String fittedOn, List<String> rankerFeatures,
    LinearModel ranker, List<String> acceptorFeatures, LinearModel acceptor,
    double targetFalseAcceptRate, Map<String, Double> thresholds) {

  /** The shipped default (see docs/quality.md for what it was fitted on). */
  public static final String DEFAULT_RESOURCE = "/io/ticketflow/match/calibration-default.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Calibration {
    Objects.requireNonNull(version, "version");
    if (!rankerFeatures.equals(Features.RANKER) || !acceptorFeatures.equals(Features.ACCEPTOR)) {
      throw new IllegalArgumentException("calibration " + version + " was fitted on other features than "
          + "this build computes (" + Features.RANKER + " + rank probability and lead); re-fit it");
    }
    // Sorted, and kept so: a written file and calibrate's listing do not change order between runs.
    thresholds = Collections.unmodifiableMap(new TreeMap<>(thresholds));
  }

  /** The ranker's probability that the candidate is the inquiry's entry (orders candidates). */
  public double rankProbability(Signals s) {
    return ranker.probability(Features.ranker(s));
  }

  /** The calibrated probability that answering with this best candidate is right. */
  public double confidence(Signals best, double rankProbability, double rankLead) {
    return acceptor.probability(Features.acceptor(best, rankProbability, rankLead));
  }

  /** The answer threshold for a matcher; 1.0 (answer only certainties) when none was picked. */
  public double threshold(String matcher) {
    return thresholds.getOrDefault(matcher, 1.0);
  }

  public Calibration withThresholds(Map<String, Double> picked) {
    return new Calibration(version, fittedOn, rankerFeatures, ranker, acceptorFeatures, acceptor,
        targetFalseAcceptRate, picked);
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
    try {
      return JSON.readValue(file.toFile(), Calibration.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
      throw new InvalidCalibrationException("not a calibration written by 'ticketflow calibrate': "
          + (cause != null ? cause.getMessage() : e.getOriginalMessage()));
    }
  }

  /** A calibration file this build cannot use; the message says why, without a stack trace's noise. */
  public static final class InvalidCalibrationException extends IOException {
    InvalidCalibrationException(String message) {
      super(message);
    }
  }

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }
}
