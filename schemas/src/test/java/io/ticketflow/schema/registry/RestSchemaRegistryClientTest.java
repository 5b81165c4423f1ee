package io.ticketflow.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.ticketflow.schema.Channel;
import io.ticketflow.schema.Inquiry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

  @Test
  void aRegistryThatStallsAfterItsHeadersIsGivenUpOnWithinTheRequestTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stalling.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, 1_000); // promises a body, then sends none
      exchange.getResponseBody().flush();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    stalling.start();
    try {
      RestSchemaRegistryClient client = new RestSchemaRegistryClient(
          List.of(URI.create("http://127.0.0.1:" + stalling.getAddress().getPort())), Duration.ofSeconds(1),
          Duration.ofSeconds(1), null);
      SchemaRegistryException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> catchThrowableOfType(SchemaRegistryException.class, () -> client.byId(7)));
      assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
      assertThat(e).hasMessageContaining("no complete answer within 1000 ms");
    } finally {
      release.countDown();
      stalling.stop(0);
    }
  }

  @Test
  void aSchemaWithReferencesIsReadWithTheTypesItReferences() throws Exception {
    // As Confluent's registry answers for a schema registered with references (a shared enum
    // registered once under its own subject): the referenced types are not in the schema's text.
    ObjectNode withReference = (ObjectNode) JSON.readTree(Inquiry.getClassSchema().toString());
    withReference.withArray("fields").forEach(field -> {
      if (field.path("name").asText().equals("channel")) {
        ((ObjectNode) field).put("type", "io.ticketflow.schema.Channel");
      }
    });
    String inquiry = withReference.toString();
    assertThat(inquiry).doesNotContain("WEB_CHAT");
    assertReadAsInquiry(7, Map.of(
        "/schemas/ids/7", Map.of("schema", inquiry, "references",
            List.of(Map.of("name", "io.ticketflow.schema.Channel", "subject", "channel", "version", 3))),
        "/subjects/channel/versions/3", Map.of("subject", "channel", "version", 3, "id", 5,
            "schema", Channel.getClassSchema().toString())));
  }

  @Test
  void aStoredSchemaWithAnInvalidDefaultIsStillRead() throws Exception {
    // A writer's defaults play no part in reading its records, and Confluent's clients parse stored
    // schemas without checking them; a producer in another language can register one like this.
    ObjectNode invalidDefault = (ObjectNode) JSON.readTree(Inquiry.getClassSchema().toString());
    invalidDefault.withArray("fields").forEach(field -> {
      if (field.path("name").asText().equals("receivedAt")) {
        ((ObjectNode) field).put("default", "2026-01-01T00:00:00Z"); // a string for a long
      }
    });
    assertReadAsInquiry(8, Map.of("/schemas/ids/8", Map.of("schema", invalidDefault.toString())));
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A registry answering {@code answers} (path to JSON body): schema {@code id} reads as Inquiry's. */
  private static void assertReadAsInquiry(int id, Map<String, Map<String, Object>> answers) throws Exception {
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    answers.forEach((path, answer) -> registry.createContext(path, exchange -> {
      byte[] body = JSON.writeValueAsString(answer).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }));
    registry.start();
    try {
      RestSchemaRegistryClient client = new RestSchemaRegistryClient(
          List.of(URI.create("http://127.0.0.1:" + registry.getAddress().getPort())), Duration.ofSeconds(5),
          Duration.ofSeconds(5), null);
      assertThat(SchemaNormalization.toParsingForm(client.byId(id)))
          .isEqualTo(SchemaNormalization.toParsingForm(Inquiry.getClassSchema()));
    } finally {
      registry.stop(0);
    }
  }
}
