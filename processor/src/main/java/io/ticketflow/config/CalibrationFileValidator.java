package io.ticketflow.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ticketflow.match.Calibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts an empty value (the shipped calibration) or a file that loads as a calibration of this
 * build's features, so a wrong path or a stale file stops the processor at startup, not at the
 * first inquiry.
 */
final class CalibrationFileValidator implements ConfigDef.Validator {

  @Override
  public void ensureValid(String name, Object value) {
    String file = (String) value;
    if (file == null || file.isBlank()) {
      return;
    }
    Path path = Path.of(file);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ConfigException(name, value, "not a readable file");
    }
    try {
      Calibration.load(path);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
      throw new ConfigException(name, value, "not a calibration written by 'ticketflow calibrate': "
          + (cause != null ? cause.getMessage() : e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigException(name, value, "cannot read it: " + e.getMessage());
    }
  }
}
