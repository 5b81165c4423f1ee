package io.ticketflow.config;

import io.ticketflow.match.Calibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigException;

/**
 * Loads {@code match.calibration} once, when the configuration is built: a wrong path or a stale
 * file stops the processor at startup, not at the first inquiry, and the file is read once.
 */
final class CalibrationFile {

  private CalibrationFile() {}

  /** The calibration in {@code file}, or null for an empty value (the shipped calibration). */
  static Calibration load(String name, String file) {
    if (file == null || file.isBlank()) {
      return null;
    }
    Path path = Path.of(file);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ConfigException(name, file, "not a readable file");
    }
    try {
      return Calibration.load(path);
    } catch (Calibration.InvalidCalibrationException e) {
      throw new ConfigException(name, file, e.getMessage());
    } catch (IOException e) {
      throw new ConfigException(name, file, "cannot read it: " + e.getMessage());
    }
  }
}
