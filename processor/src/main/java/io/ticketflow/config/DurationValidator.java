package io.ticketflow.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Accepts ISO-8601 durations ({@code P7D}, {@code PT12H}) and the short forms people type. */
public final class DurationValidator implements ConfigDef.Validator {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  /** Longest duration accepted: a century, far beyond any retention or timeout, and safe as milliseconds. */
  static final Duration MAX = Duration.ofDays(36_500);
  private static final String TOO_LONG = "too long: at most 36500d (a century)";
  private final boolean zeroAllowed;

  /** Positive durations only. */
  public DurationValidator() {
    this(false);
  }

  private DurationValidator(boolean zeroAllowed) {
    this.zeroAllowed = zeroAllowed;
  }

  /** Positive durations, and zero ({@code 0}, {@code 0s}, …) to switch something off. */
  public static DurationValidator zeroAllowed() {
    return new DurationValidator(true);
  }

  @Override
  public void ensureValid(String name, Object value) {
    try {
      Duration d = parse((String) value);
      if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
        throw new ConfigException(name, value, zeroAllowed ? "must not be negative" : "must be positive");
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, value, e.getMessage());
    }
  }

  /** Parses a duration; throws IllegalArgumentException with a usable message. */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a duration is required");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Duration d;
    try {
      Matcher m = SHORT.matcher(t);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } else {
        d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a duration (use P7D, 7d, 12h, 30m, 45s or 500ms)", e);
    } catch (ArithmeticException | NumberFormatException e) { // the pattern admits digits only: too many of them
      throw new IllegalArgumentException(TOO_LONG, e);
    }
    if (d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(TOO_LONG);
    }
    return d;
  }

  @Override
  public String toString() {
    return (zeroAllowed ? "0 or a positive duration" : "a positive duration") + " (P7D, 7d, 12h, 30m, 45s, 500ms)";
  }
}
