package io.ticketflow.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Kafka's {@link ConfigDef.Range} for decimal settings, refusing NaN and infinities too: Range
 * compares, and no comparison with NaN is true, so {@code NaN} passed it (a threshold nothing ever
 * reaches, a budget that never applies).
 */
public final class FiniteRange implements ConfigDef.Validator {
  private final ConfigDef.Range range;

  private FiniteRange(ConfigDef.Range range) {
    this.range = range;
  }

  public static FiniteRange between(double min, double max) {
    return new FiniteRange(ConfigDef.Range.between(min, max));
  }

  public static FiniteRange atLeast(double min) {
    return new FiniteRange(ConfigDef.Range.atLeast(min));
  }

  @Override
  public void ensureValid(String name, Object value) {
    if (value instanceof Double d && !Double.isFinite(d)) {
      throw new ConfigException(name, value, "Value must be a finite number " + range);
    }
    range.ensureValid(name, value);
  }

  @Override
  public String toString() {
    return range.toString();
  }
}
