package io.ticketflow.devstack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ticketflow.devstack.kafka.EmbeddedKafka;
import io.ticketflow.schema.registry.Compatibility;
import io.ticketflow.schema.registry.InMemorySchemaRegistry;
import io.ticketflow.schema.registry.RegisteredSchema;
import io.ticketflow.schema.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server on loopback speaking Schema Registry's REST API (the subset ticketflow and
 * Confluent's clients use), backed by an {@link InMemorySchemaRegistry} journaled to a compacted
 * topic. Errors carry Schema Registry's codes: 404/40401 unknown subject, 404/40403 unknown
 * schema, 404/40402 unknown version, 409/409 incompatible schema, 422/42201 invalid schema,
 * 422/42202 invalid version (a version is 1 to 2^31-1, or {@code latest} / -1).
 *
 * <p>Written here because no Schema Registry server is on Maven Central. One instance per topic:
 * it does no leader election, so two instances must not share a journal topic.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
  /*
   * The JDK's HTTP server leaves Nagle's algorithm on: a response's headers and body go out as two
   * small writes and the second waits for the client's delayed ACK, ~40 ms on every request
   * (measured: 49 ms per call against the fake model server, 4.5 ms with it off). The setting is
   * read once, when the JDK's server first starts, so every HttpServer of ticketflow sets it.
   */
  static {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  public static final String DEFAULT_TOPIC = "_schemas";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final InMemorySchemaRegistry registry;
  private final KafkaSchemaJournal journal;
  private final HttpServer server;
  private final ExecutorService executor;

  private EmbeddedSchemaRegistry(InMemorySchemaRegistry registry, KafkaSchemaJournal journal,
      HttpServer server, ExecutorService executor) {
    this.registry = registry;
    this.journal = journal;
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts a registry on {@code 127.0.0.1:port} (0 for a free port) that keeps its schemas in
   * {@code topic} on {@code kafka}, loading what the topic already holds.
   */
  public static EmbeddedSchemaRegistry start(EmbeddedKafka kafka, int port, String topic) {
    return start(kafka.bootstrapServers(), port, topic, kafka);
  }

  public static EmbeddedSchemaRegistry start(EmbeddedKafka kafka) {
    return start(kafka, 0, DEFAULT_TOPIC);
  }

  private static EmbeddedSchemaRegistry start(String bootstrap, int port, String topic, EmbeddedKafka kafka) {
    long started = System.nanoTime();
    kafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
        .configs(Map.of("cleanup.policy", "compact"))));
    KafkaSchemaJournal journal = new KafkaSchemaJournal(bootstrap, topic);
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry(Compatibility.BACKWARD, journal);
    HttpServer server;
    try {
      KafkaSchemaJournal.replay(bootstrap, topic, registry);
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    } catch (BindException e) {
      journal.close();
      throw new IllegalStateException("Schema registry cannot listen on 127.0.0.1:" + port
          + ": the port is in use", e);
    } catch (IOException e) {
      journal.close();
      throw new UncheckedIOException("Schema registry cannot start", e);
    } catch (RuntimeException e) {
      journal.close(); // a journal it cannot read: its producer must not outlive the failed start
      throw e;
    }
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "schema-registry-http");
      t.setDaemon(true);
      return t;
    });
    EmbeddedSchemaRegistry instance = new EmbeddedSchemaRegistry(registry, journal, server, executor);
    server.createContext("/", instance::handle);
    server.setExecutor(executor);
    server.start();
    LOG.info("Schema registry up at {} in {} ms ({} subjects)", instance.url(),
        (System.nanoTime() - started) / 1_000_000, registry.subjects().size());
    return instance;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The registry's state, for tests that want to look behind the HTTP API. */
  public InMemorySchemaRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    journal.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      List<String> path = Arrays.stream(exchange.getRequestURI().getRawPath().split("/"))
          .filter(s -> !s.isEmpty())
          .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
          .toList();
      try {
        Object body = route(method, path, exchange.getRequestBody());
        respond(exchange, 200, JSON.writeValueAsBytes(body));
      } catch (SchemaRegistryException e) {
        respond(exchange, e.httpStatus(), error(e.errorCode(), e.getMessage()));
      } catch (JsonProcessingException e) {
        respond(exchange, 400, error(400, "Malformed JSON request: " + e.getOriginalMessage()));
      } catch (IllegalArgumentException e) {
        respond(exchange, 422, error(422, e.getMessage()));
      } catch (RuntimeException e) {
        LOG.warn("schema registry request {} {} failed", method, path, e);
        respond(exchange, 500, error(SchemaRegistryException.STORE_ERROR, e.toString()));
      }
    }
  }

  private Object route(String method, List<String> path, InputStream body) throws IOException {
    int n = path.size();
    String first = n > 0 ? path.get(0) : "";
    if (n == 0 && method.equals("GET")) {
      return Map.of();
    }
    if (first.equals("subjects")) {
      if (n == 1 && method.equals("GET")) {
        return registry.subjects();
      }
      String subject = path.get(1);
      if (n == 2 && method.equals("POST")) {
        return describe(lookup(subject, schemaOf(body)));
      }
      if (n == 3 && path.get(2).equals("versions")) {
        if (method.equals("POST")) {
          return Map.of("id", registry.register(subject, schemaOf(body)));
        }
        if (method.equals("GET")) {
          return registry.versions(subject);
        }
      }
      if (n == 4 && path.get(2).equals("versions") && method.equals("GET")) {
        return describe(version(subject, path.get(3)));
      }
      if (n == 5 && path.get(2).equals("versions") && path.get(4).equals("schema") && method.equals("GET")) {
        return JSON.readTree(version(subject, path.get(3)).schema().toString());
      }
    }
    if (first.equals("schemas") && n == 3 && path.get(1).equals("ids") && method.equals("GET")) {
      ObjectNode node = JSON.createObjectNode();
      node.put("schema", registry.byId(parseInt(path.get(2), "schema id")).toString());
      return node;
    }
    if (first.equals("compatibility") && n == 5 && path.get(1).equals("subjects")
        && path.get(3).equals("versions") && method.equals("POST")) {
      return Map.of("is_compatible", isCompatible(path.get(2), path.get(4), schemaOf(body)));
    }
    if (first.equals("config")) {
      if (n == 2 && method.equals("PUT")) {
        JsonNode request = JSON.readTree(body);
        String level = request.path("compatibility").asText();
        Compatibility compatibility;
        try {
          compatibility = Compatibility.valueOf(level.toUpperCase(Locale.ROOT)); // as Schema Registry
        } catch (IllegalArgumentException e) {
          throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
              "Invalid compatibility level '" + level + "'");
        }
        registry.setCompatibility(path.get(1), compatibility);
        return Map.of("compatibility", compatibility.name());
      }
      if (n == 2 && method.equals("GET")) {
        return Map.of("compatibilityLevel", registry.compatibility(path.get(1)).name());
      }
      if (n == 1 && method.equals("GET")) {
        return Map.of("compatibilityLevel", registry.compatibility("\u0000").name());
      }
    }
    throw new SchemaRegistryException(404, 404, "No endpoint " + method + " /" + String.join("/", path));
  }

  private RegisteredSchema lookup(String subject, Schema schema) {
    int id = registry.idOf(subject, schema);
    for (int version : registry.versions(subject)) {
      RegisteredSchema candidate = registry.version(subject, version);
      if (candidate.id() == id) {
        return candidate;
      }
    }
    throw SchemaRegistryException.schemaNotFound("under subject '" + subject + "'");
  }

  /**
   * As Schema Registry: against {@code latest} the check {@link InMemorySchemaRegistry#isCompatible}
   * makes before registering; against a numbered version, the subject's rule applied to that
   * version alone (404/40402 when the subject has no such version).
   */
  private boolean isCompatible(String subject, String version, Schema schema) {
    int number = versionId(version);
    if (number == -1) {
      return registry.isCompatible(subject, schema);
    }
    RegisteredSchema against = registry.version(subject, number);
    return registry.compatibility(subject).violations(schema, List.of(against.schema())).isEmpty();
  }

  private RegisteredSchema version(String subject, String version) {
    int number = versionId(version);
    return number == -1 ? registry.latest(subject) : registry.version(subject, number);
  }

  /**
   * A version id as Schema Registry reads one: {@code latest} (any case) or -1 for the latest,
   * otherwise 1 to 2^31-1; anything else is 422/42202.
   */
  private static int versionId(String version) {
    String text = version.trim();
    if (text.equalsIgnoreCase("latest")) {
      return -1;
    }
    int number = parseInt(text, "version");
    if (number <= 0 && number != -1) {
      throw new SchemaRegistryException(422, 42202, "Invalid version '" + version
          + "': a version is between 1 and 2^31-1, or 'latest'");
    }
    return number;
  }

  private static Map<String, Object> describe(RegisteredSchema version) {
    return Map.of("subject", version.subject(), "version", version.version(), "id", version.id(),
        "schema", version.schema().toString());
  }

  private static Schema schemaOf(InputStream body) throws IOException {
    JsonNode request = JSON.readTree(body);
    String type = request.path("schemaType").asText("AVRO");
    if (!type.isEmpty() && !type.equals("AVRO")) {
      throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
          "Only AVRO schemas are supported here, not " + type);
    }
    if (request.path("references").size() > 0) {
      throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
          "Schema references are not supported here");
    }
    try {
      return new Schema.Parser().parse(request.path("schema").asText());
    } catch (AvroRuntimeException | IllegalArgumentException | NullPointerException e) {
      // Avro 1.12 reports an undefined type name as a NullPointerException, and an unknown field
      // "order" as an IllegalArgumentException.
      throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
          "Invalid schema: " + e.getMessage());
    }
  }

  private static int parseInt(String text, String what) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new SchemaRegistryException(422, 42202, "Invalid " + what + " '" + text + "'");
    }
  }

  private static byte[] error(int code, String message) throws IOException {
    return JSON.writeValueAsBytes(Map.of("error_code", code, "message", message));
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
