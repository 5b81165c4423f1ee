package io.ticketflow.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a Kafka Connect worker's REST API: the list of connectors, expanded. */
final class ConnectRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI base;

  /** @throws IllegalArgumentException for a URL that is none (at startup, not at every health check) */
  ConnectRest(String connectUrl) {
    this.base = URI.create(connectUrl.endsWith("/") ? connectUrl : connectUrl + "/");
  }

  /**
   * {@code GET /connectors?expand=…}: connector name to the expanded parts asked for.
   *
   * @throws IOException saying which worker failed and how, ready to show
   */
  JsonNode connectors(String expand) throws IOException, InterruptedException {
    URI uri = uri(expand);
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException | RuntimeException e) {
      // The JDK client's ConnectException has no message: name the kind of failure instead of "null".
      throw new IOException("Kafka Connect at " + uri + " is not reachable: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    if (r.statusCode() != 200) {
      throw new IOException("Kafka Connect at " + uri + " answered HTTP " + r.statusCode());
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IOException("Kafka Connect at " + uri + " answered no JSON: " + e.getMessage(), e);
    }
  }

  private URI uri(String expand) {
    return base.resolve("connectors?expand=" + expand);
  }
}
