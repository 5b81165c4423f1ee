package io.ticketflow.schema.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;

/**
 * Speaks the Schema Registry REST API over HTTP. Ids and schemas never change once registered, so
 * {@link #register}, {@link #idOf} and {@link #byId} are cached for the life of the client; the
 * latest version of a subject is asked for each time (callers cache it as they see fit).
 *
 * <p>Several base URLs may be given; each request tries them in order until one answers.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> baseUrls;
  private final Duration requestTimeout;
  private final String authorization;
  private final HttpClient http;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

  /**
   * @param baseUrls registry URLs, e.g. {@code http://127.0.0.1:8081}
   * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
   */
  public RestSchemaRegistryClient(List<URI> baseUrls, Duration connectTimeout,
      Duration requestTimeout, String basicAuthUserInfo) {
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException("at least one schema registry URL is needed");
    }
    this.baseUrls = List.copyOf(baseUrls);
    this.requestTimeout = Objects.requireNonNull(requestTimeout);
    this.authorization = basicAuthUserInfo == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  @Override
  public int register(String subject, Schema schema) {
    String cacheKey = subject + '\u0000' + schema;
    Integer cached = idsBySubjectAndSchema.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    JsonNode response = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    int id = response.path("id").asInt();
    idsBySubjectAndSchema.put(cacheKey, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public int idOf(String subject, Schema schema) {
    String cacheKey = subject + '\u0000' + schema;
    Integer cached = idsBySubjectAndSchema.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    JsonNode response = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
    int id = response.path("id").asInt();
    idsBySubjectAndSchema.put(cacheKey, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    JsonNode response = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
    Schema schema = parse(response);
    int id = response.path("id").asInt();
    schemasById.putIfAbsent(id, schema);
    return new RegisteredSchema(subject, response.path("version").asInt(), id, schema);
  }

  @Override
  public Schema byId(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode response = send("GET", "/schemas/ids/" + id, null);
    Schema schema = parse(response);
    schemasById.putIfAbsent(id, schema);
    return schema;
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    JsonNode response = send("POST",
        "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
    return response.path("is_compatible").asBoolean(false);
  }

  @Override
  public List<String> subjects() {
    JsonNode response = send("GET", "/subjects", null);
    List<String> subjects = new ArrayList<>();
    response.forEach(node -> subjects.add(node.asText()));
    subjects.sort(null);
    return subjects;
  }

  @Override
  public void setCompatibility(String subject, Compatibility compatibility) {
    ObjectNode body = JSON.createObjectNode().put("compatibility", compatibility.name());
    send("PUT", "/config/" + encode(subject), body.toString());
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  /**
   * The schema of a registry answer. A schema registered with references (Confluent's schema
   * references: a shared type registered once under its own subject) names the referenced types
   * without defining them, so those are fetched and defined first, in the same parser.
   *
   * <p>Defaults are not checked, as Confluent's clients do not check a stored schema's: a writer's
   * defaults play no part in reading its records, and a producer in another language may have
   * registered one Avro for Java would refuse.
   */
  private Schema parse(JsonNode answer) {
    Schema.Parser parser = new Schema.Parser().setValidateDefaults(false);
    defineReferences(parser, answer.path("references"), new HashSet<>());
    return parse(parser, answer.path("schema").asText());
  }

  private void defineReferences(Schema.Parser parser, JsonNode references, Set<String> defined) {
    for (JsonNode reference : references) {
      String subject = reference.path("subject").asText();
      String version = reference.path("version").asText();
      if (defined.add(subject + '\u0000' + version)) {
        JsonNode referenced = send("GET", "/subjects/" + encode(subject) + "/versions/" + encode(version), null);
        defineReferences(parser, referenced.path("references"), defined);
        parse(parser, referenced.path("schema").asText());
      }
    }
  }

  private static Schema parse(Schema.Parser parser, String text) {
    try {
      return parser.parse(text);
    } catch (RuntimeException e) {
      throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_SCHEMA,
          "The registry returned a schema that is not valid Avro: " + e.getMessage(), e);
    }
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, String body) {
    IOException lastFailure = null;
    for (URI base : baseUrls) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stripSlash(base) + path))
          .timeout(requestTimeout)
          .header("Accept", CONTENT_TYPE + ", application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (body != null) {
        request.header("Content-Type", CONTENT_TYPE);
      }
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> response;
      // The request timeout of the JDK's client ends with the response headers; a registry (or a
      // proxy) that then stalls the body would hold the caller forever, so the whole exchange is
      // bounded here.
      CompletableFuture<HttpResponse<String>> call =
          http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      try {
        response = call.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        call.cancel(true);
        lastFailure = new HttpTimeoutException("no complete answer within " + requestTimeout.toMillis() + " ms");
        continue;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          lastFailure = io;
          continue;
        }
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        call.cancel(true);
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(0, SchemaRegistryException.UNREACHABLE,
            "Interrupted while calling the schema registry at " + base, e);
      }
      return interpret(method, base, path, response);
    }
    throw new SchemaRegistryException(0, SchemaRegistryException.UNREACHABLE,
        "Schema registry unreachable at " + baseUrls + ": " + describe(lastFailure), lastFailure);
  }

  private static JsonNode interpret(String method, URI base, String path, HttpResponse<String> response) {
    JsonNode json;
    try {
      json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300 && json != null) {
      return json;
    }
    int errorCode = json != null && json.has("error_code") ? json.get("error_code").asInt() : status;
    String message = json != null && json.has("message") ? json.get("message").asText()
        : "unexpected response " + abbreviate(response.body());
    throw new SchemaRegistryException(status, errorCode,
        "Schema registry " + method + " " + stripSlash(base) + path + " failed: " + message);
  }

  private static String describe(IOException e) {
    if (e == null) {
      return "no answer";
    }
    return e.getMessage() != null ? e.getClass().getSimpleName() + ": " + e.getMessage()
        : e.getClass().getSimpleName();
  }

  private static String stripSlash(URI base) {
    String text = base.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static String abbreviate(String body) {
    return body.length() <= 200 ? body : body.substring(0, 200) + "…";
  }
}
