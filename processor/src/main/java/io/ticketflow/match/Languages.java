package io.ticketflow.match;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The primary language of a text or tag, as far as routing needs it: {@code zh} for Chinese
 * (by tag, or Han script in the text), {@code en} otherwise.
 */
public final class Languages {
  private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

  private Languages() {}

  /** The language of {@code text}, trusting {@code tag} (BCP-47) when there is one. */
  public static String primary(String tag, String text) {
    if (tag != null && !tag.isBlank()) {
      String lower = tag.toLowerCase(Locale.ROOT);
      int dash = lower.indexOf('-');
      return dash > 0 ? lower.substring(0, dash) : lower;
    }
    return text != null && HAN.matcher(text).find() ? "zh" : "en";
  }
}
