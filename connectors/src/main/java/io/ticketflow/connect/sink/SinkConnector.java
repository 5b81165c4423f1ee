package io.ticketflow.connect.sink;

import java.util.Map;
import java.util.Objects;

/**
 * One sink connector to create: its name and its filled-in config (which also holds the name,
 * as Connect's standalone herder requires).
 */
public record SinkConnector(SinkTable table, String name, Map<String, String> config) {
  public SinkConnector {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(name, "name");
    config = Map.copyOf(config);
  }

  @Override
  public String toString() {
    return "SinkConnector[" + name + " -> " + table.tableName() + "]";
  }
}
