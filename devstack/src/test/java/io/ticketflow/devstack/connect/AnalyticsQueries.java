package io.ticketflow.devstack.connect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The named queries of {@code docs/analytics.sql} ({@code -- name: x} starts each one). */
final class AnalyticsQueries {
  static final Path FILE = Path.of("..", "docs", "analytics.sql");

  private AnalyticsQueries() {}

  static Map<String, String> load() throws IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    String name = null;
    StringBuilder sql = new StringBuilder();
    for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
      if (line.startsWith("-- name:")) {
        name = line.substring("-- name:".length()).trim();
        sql.setLength(0);
      } else if (name != null && !line.startsWith("--")) {
        sql.append(line).append('\n');
        if (line.trim().endsWith(";")) {
          queries.put(name, sql.toString().trim().replaceAll(";$", ""));
          name = null;
        }
      }
    }
    return queries;
  }
}
