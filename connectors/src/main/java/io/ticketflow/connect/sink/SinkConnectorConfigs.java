package io.ticketflow.connect.sink;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the connector templates ({@code connectors/sink-*.json}: Connect's REST shape {@code
 * {"name": ..., "config": {...}}}) and fills in their {@code {{PLACEHOLDER}}}s. Placeholders are
 * replaced inside parsed string values, so a value can never break the JSON; a placeholder with no
 * value is an error rather than a connector pointed at a literal {@code {{JDBC_URL}}}.
 */
public final class SinkConnectorConfigs {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");
  // A key written twice in a template would otherwise silently keep its last value.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private SinkConnectorConfigs() {}

  /** Every output table's connector, filled in with {@code settings}. */
  public static List<SinkConnector> all(SinkSettings settings) {
    List<SinkConnector> connectors = new ArrayList<>();
    for (SinkTable table : SinkTable.values()) {
      connectors.add(forTable(table, settings));
    }
    return connectors;
  }

  public static SinkConnector forTable(SinkTable table, SinkSettings settings) {
    JsonNode template = read(table.resource());
    Map<String, String> values = settings.placeholders();
    String name = fill(template.path("name").asText(), values, table.resource());
    Map<String, String> config = new LinkedHashMap<>();
    template.path("config").properties().forEach(
        e -> config.put(e.getKey(), fill(e.getValue().asText(), values, table.resource())));
    config.put("name", name);
    return new SinkConnector(table, name, config);
  }

  static String fill(String text, Map<String, String> values, String source) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(source + ": no value for placeholder " + m.group());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static JsonNode read(String resource) {
    try (InputStream in = SinkConnectorConfigs.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("connector template " + resource + " is not on the classpath");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read connector template " + resource, e);
    }
  }
}
