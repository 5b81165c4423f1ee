package io.ticketflow.config;

import io.ticketflow.schema.serde.AvroSerdeConfig;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Empty, or an http(s) URL with a host and without credentials. A URL is logged, shown on {@code
 * /health/ready} and named in errors, and neither the JDK's client nor OkHttp sends {@code
 * user:password@} as authentication: credentials in it would only ever be shown. Refusals mask them.
 */
public final class HttpUrlValidator implements ConfigDef.Validator {

  @Override
  public void ensureValid(String name, Object value) {
    check(name, value == null ? null : value.toString());
  }

  /** Checks {@code url} as the setting or environment variable {@code name}. */
  public static void check(String name, String url) {
    String text = url == null ? "" : url.trim();
    if (text.isEmpty()) {
      return;
    }
    String shown = AvroSerdeConfig.masked(text);
    if (!AvroSerdeConfig.redacted(text).equals(text)) {
      throw new ConfigException(name, shown, "credentials in the URL are not accepted (they would be logged)");
    }
    try {
      URI uri = new URI(text);
      if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          || uri.getHost() == null) {
        throw new ConfigException(name, shown, "not an http(s) URL with a host");
      }
    } catch (URISyntaxException e) {
      // Not the reason's text: URISyntaxException's message quotes the whole input.
      throw new ConfigException(name, shown, "not a URL: " + e.getReason());
    }
  }

  @Override
  public String toString() {
    return "empty, or an http(s) URL";
  }
}
