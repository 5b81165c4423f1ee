package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticketflow.schema.registry.InMemorySchemaRegistry;
import io.ticketflow.schema.topic.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console can publish inquiries into production, so it takes them only as JSON from its own
 * page, within a size, and a loopback console answers only requests addressed to loopback.
 */
class ConsoleAskGuardTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private InquiryPublisher publisher;
  private OpsServer server;

  @BeforeEach
  void start() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Topics topics = new Topics("guard.", new InMemorySchemaRegistry(), Map.of("schema.registry.url", "mock://guard"));
    // A broker that is not there: what reaches the publisher fails quickly.
    publisher = new InquiryPublisher("127.0.0.1:" + closed, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500),
        topics.inquiries());
    server = OpsServer.start("127.0.0.1", 0, new OpsServer.Parts(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        () -> KafkaStreams.State.RUNNING, List.of(), null, publisher, List.of("shop"), null));
  }

  @AfterEach
  void stop() {
    server.close();
    publisher.close();
  }

  private HttpResponse<String> ask(String contentType, String origin, String body) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url() + "api/ask"))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      r.header("Content-Type", contentType);
    }
    if (origin != null) {
      r.header("Origin", origin);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String ownOrigin() {
    return "http://127.0.0.1:" + server.port();
  }

  @Test
  void aFormOrTextPostFromAnotherPageIsRefused() throws Exception {
    // What a cross-site page can send without the browser asking first.
    assertThat(ask("text/plain", "http://evil.example", "{\"tenant\":\"shop\",\"text\":\"hi\"}").statusCode())
        .isEqualTo(415);
    assertThat(ask(null, null, "{\"tenant\":\"shop\",\"text\":\"hi\"}").statusCode()).isEqualTo(415);
  }

  @Test
  void aJsonPostFromAnotherOriginIsRefused() throws Exception {
    HttpResponse<String> r = ask("application/json", "http://evil.example", "{\"tenant\":\"shop\",\"text\":\"hi\"}");
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void oversizedBodiesAndBadConversationIdsAreRefused() throws Exception {
    String big = "{\"tenant\":\"shop\",\"text\":\"" + "x".repeat(OpsServer.MAX_ASK_BYTES) + "\"}";
    assertThat(ask("application/json", ownOrigin(), big).statusCode()).isEqualTo(413);
    assertThat(ask("application/json", ownOrigin(), "{\"tenant\":\"shop\",\"text\":\"hi\",\"conversationId\":\"a\\u0000b\"}")
        .statusCode()).isEqualTo(400);
    assertThat(ask("application/json", ownOrigin(), "{\"tenant\":\"shop\",\"text\":\"hi\",\"conversationId\":\""
        + "c".repeat(256) + "\"}").statusCode()).isEqualTo(400);
  }

  @Test
  void anInquiryFromTheConsolesOwnPageIsPublishedAndAFailureIsAnswered() throws Exception {
    HttpResponse<String> r = ask("application/json; charset=utf-8", ownOrigin(), "{\"tenant\":\"shop\",\"text\":\"hi\"}");
    // It got past every check to the publisher, whose broker is not there.
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("could not be published");
  }

  @Test
  void aLoopbackConsoleAnswersOnlyRequestsAddressedToLoopback() throws Exception {
    assertThat(rawGet("/api/stats", "evil.example:" + server.port())).startsWith("HTTP/1.1 421");
    assertThat(rawGet("/", "rebound.example.com")).startsWith("HTTP/1.1 421");
    assertThat(rawGet("/", "127.rebound.example.com")).as("a name that only starts like a loopback address")
        .startsWith("HTTP/1.1 421");
    assertThat(rawGet("/api/stats", "127.0.0.2:" + server.port())).startsWith("HTTP/1.1 200");
    assertThat(rawGet("/api/stats", "127.0.0.1:" + server.port())).startsWith("HTTP/1.1 200");
    assertThat(rawGet("/api/stats", "localhost:" + server.port())).startsWith("HTTP/1.1 200");
    assertThat(rawGet("/metrics", "evil.example")).as("scrapers are not browsers").startsWith("HTTP/1.1 200");
  }

  /** A GET with the Host header as given (the JDK's HTTP client will not set one). */
  private String rawGet(String path, String host) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
