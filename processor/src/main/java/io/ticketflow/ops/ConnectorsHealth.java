package io.ticketflow.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Readiness of the sink side: asks a Kafka Connect worker's REST API ({@code GET
 * /connectors?expand=status}) and is fine only when every expected connector is there and it and
 * its tasks are RUNNING. Expected are the named connectors ({@code ops.connectors}), so that
 * another team's connector on a shared worker does not make the processor unready and a deleted
 * sink does; without names, every connector on the worker, and there must be at least one. Used by
 * {@code run} when {@code ops.connect-url} is set.
 */
public final class ConnectorsHealth implements HealthCheck {
  private final ConnectRest connect;
  private final List<String> expected;

  /** Judges {@code expected} connectors, or all of the worker's when it is empty. */
  public ConnectorsHealth(String connectUrl, List<String> expected) {
    this.connect = new ConnectRest(connectUrl);
    this.expected = List.copyOf(expected);
  }

  @Override
  public Optional<String> problem() {
    try {
      return problems(connect.connectors("status"), expected);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while asking Kafka Connect");
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    }
  }

  static Optional<String> problems(JsonNode connectors, List<String> expected) {
    if (connectors == null || !connectors.isObject() || expected.isEmpty() && connectors.isEmpty()) {
      return Optional.of("Kafka Connect runs no connectors");
    }
    List<String> missing = expected.stream().filter(name -> !connectors.has(name)).toList();
    if (!missing.isEmpty()) {
      return Optional.of("connectors not on the Kafka Connect worker: " + missing);
    }
    List<String> down = new ArrayList<>();
    for (Map.Entry<String, JsonNode> c : connectors.properties()) {
      if (!expected.isEmpty() && !expected.contains(c.getKey())) {
        continue;
      }
      JsonNode status = c.getValue().path("status");
      String state = status.path("connector").path("state").asText("UNKNOWN");
      JsonNode tasks = status.path("tasks");
      boolean tasksRunning = tasks.isArray() && !tasks.isEmpty();
      for (JsonNode t : tasks) {
        tasksRunning &= "RUNNING".equals(t.path("state").asText());
      }
      if (!"RUNNING".equals(state) || !tasksRunning) {
        down.add(c.getKey() + " (" + state + (tasksRunning ? "" : ", tasks not all RUNNING") + ")");
      }
    }
    return down.isEmpty() ? Optional.empty() : Optional.of("connectors not RUNNING: " + down);
  }
}
