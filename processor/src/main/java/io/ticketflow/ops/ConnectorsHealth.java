package io.ticketflow.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Readiness of the sink side: asks a Kafka Connect worker's REST API ({@code GET
 * /connectors?expand=status}) and is fine only when there is at least one connector and every
 * connector and task is RUNNING. Used by {@code run} when {@code ops.connect-url} is set.
 */
public final class ConnectorsHealth implements HealthCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI statusUri;

  public ConnectorsHealth(String connectUrl) {
    String base = connectUrl.endsWith("/") ? connectUrl : connectUrl + "/";
    this.statusUri = URI.create(base + "connectors?expand=status");
  }

  @Override
  public Optional<String> problem() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(statusUri).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.of("Kafka Connect at " + statusUri + " answered HTTP " + r.statusCode());
      }
      return problems(JSON.readTree(r.body()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while asking Kafka Connect");
    } catch (Exception e) {
      return Optional.of("Kafka Connect at " + statusUri + " is not reachable: " + e.getMessage());
    }
  }

  static Optional<String> problems(JsonNode connectors) {
    if (connectors == null || !connectors.isObject() || connectors.isEmpty()) {
      return Optional.of("Kafka Connect runs no connectors");
    }
    List<String> down = new ArrayList<>();
    for (Map.Entry<String, JsonNode> c : connectors.properties()) {
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
