package io.ticketflow.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads a Kafka Connect worker's REST API: the list of connectors, expanded. */
final class ConnectRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
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
    CompletableFuture<HttpResponse<String>> call = null;
    try {
      call = http.sendAsync(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      // The JDK client's request timeout ends with the response headers: a worker (or a proxy) that
      // then stalls the body would hold a /health/ready request, or the sinks' check, forever.
      r = call.get(CONNECT_TIMEOUT.plus(REQUEST_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new IOException("Kafka Connect at " + uri + " did not answer within "
          + CONNECT_TIMEOUT.plus(REQUEST_TIMEOUT).toSeconds() + " s", e);
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      // The JDK client's ConnectException has no message: name the kind of failure instead of "null".
      throw new IOException("Kafka Connect at " + uri + " is not reachable: "
          + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
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
