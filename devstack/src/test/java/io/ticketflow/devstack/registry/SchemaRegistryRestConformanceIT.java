package io.ticketflow.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded registry's REST API held to Confluent Schema Registry's behaviour (status codes,
 * error codes, version ids, compatibility checks), through real HTTP, on the real broker.
 */
@ExtendWith(EmbeddedStackExtension.class)
class SchemaRegistryRestConformanceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String subject = "conf-" + UUID.randomUUID() + "-value";

  private record Answer(int status, JsonNode body, String contentType) {
    int errorCode() {
      return body.path("error_code").asInt();
    }
  }

  private static Answer call(String base, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), JSON.readTree(response.body()),
        response.headers().firstValue("Content-Type").orElse(""));
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private static String path(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }

  private static int register(String base, String subject, Schema schema) throws Exception {
    Answer answer = call(base, "POST", "/subjects/" + path(subject) + "/versions", schemaBody(schema));
    assertThat(answer.status()).as("register %s: %s", subject, answer.body()).isEqualTo(200);
    return answer.body().path("id").asInt();
  }

  private static void setCompatibility(String base, String subject, String level) throws Exception {
    Answer answer = call(base, "PUT", "/config/" + path(subject), "{\"compatibility\":\"" + level + "\"}");
    assertThat(answer.status()).isEqualTo(200);
  }

  private static final Schema A = SchemaBuilder.record("Thing").fields().requiredString("a").endRecord();
  /** BACKWARD-compatible with A: adds an int with a default. */
  private static final Schema A_B_INT = SchemaBuilder.record("Thing").fields().requiredString("a")
      .name("b").type().intType().intDefault(0).endRecord();
  /** Reads A's data (b defaults) but not A_B_INT's (an int cannot be read as a string). */
  private static final Schema A_B_STRING = SchemaBuilder.record("Thing").fields().requiredString("a")
      .name("b").type().stringType().stringDefault("").endRecord();

  @Test
  void versionIdsOutsideOneToMaxIntAreInvalidVersions42202(EmbeddedStack stack) throws Exception {
    String base = stack.schemaRegistryUrl();
    register(base, subject, A);

    for (String version : List.of("0", "-2", "abc")) {
      Answer answer = call(base, "GET", "/subjects/" + path(subject) + "/versions/" + version, null);
      assertThat(answer.status()).as("version %s: %s", version, answer.body()).isEqualTo(422);
      assertThat(answer.errorCode()).as("version %s", version).isEqualTo(42202);
    }
    for (String version : List.of("-1", "latest", "LATEST")) {
      Answer latest = call(base, "GET", "/subjects/" + path(subject) + "/versions/" + version, null);
      assertThat(latest.status()).as("version %s: %s", version, latest.body()).isEqualTo(200);
      assertThat(latest.body().path("version").asInt()).isEqualTo(1);
    }
    Answer missing = call(base, "GET", "/subjects/" + path(subject) + "/versions/2", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(40402);
  }

  @Test
  void compatibilityAgainstAVersionThatDoesNotExistIs40402OrInvalid42202(EmbeddedStack stack) throws Exception {
    String base = stack.schemaRegistryUrl();
    register(base, subject, A);

    Answer missing = call(base, "POST", "/compatibility/subjects/" + path(subject) + "/versions/7", schemaBody(A_B_INT));
    Answer invalid = call(base, "POST", "/compatibility/subjects/" + path(subject) + "/versions/abc", schemaBody(A_B_INT));

    assertThat(missing.status()).as("%s", missing.body()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(40402);
    assertThat(invalid.status()).as("%s", invalid.body()).isEqualTo(422);
    assertThat(invalid.errorCode()).isEqualTo(42202);
  }

  @Test
  void compatibilityAgainstANumberedVersionChecksThatVersion(EmbeddedStack stack) throws Exception {
    String base = stack.schemaRegistryUrl();
    register(base, subject, A); // version 1
    register(base, subject, A_B_INT); // version 2 (BACKWARD, the default)
    String prefix = "/compatibility/subjects/" + path(subject) + "/versions/";

    Answer againstOne = call(base, "POST", prefix + "1", schemaBody(A_B_STRING));
    Answer againstLatest = call(base, "POST", prefix + "latest", schemaBody(A_B_STRING));
    Answer againstTwo = call(base, "POST", prefix + "2", schemaBody(A_B_STRING));

    assertThat(againstOne.body().path("is_compatible").asBoolean()).as("against version 1: %s", againstOne.body()).isTrue();
    assertThat(againstLatest.body().path("is_compatible").asBoolean()).as("against latest").isFalse();
    assertThat(againstTwo.body().path("is_compatible").asBoolean()).as("against version 2").isFalse();
  }

  @Test
  void aSchemaAvroRefusesIsAnInvalidSchema42201(EmbeddedStack stack) throws Exception {
    String badOrder = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"order\":\"sideways\"}]}";
    String body = JSON.createObjectNode().put("schema", badOrder).toString();

    Answer answer = call(stack.schemaRegistryUrl(), "POST", "/subjects/" + path(subject) + "/versions", body);

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.errorCode()).as("%s", answer.body()).isEqualTo(42201);
  }

  @Test
  void theSameSchemaRegisteredAtOnceFromManyThreadsGetsOneIdAndOneVersion(EmbeddedStack stack) throws Exception {
    String base = stack.schemaRegistryUrl();
    Schema schema = SchemaBuilder.record("Same" + UUID.randomUUID().toString().replace("-", ""))
        .fields().requiredString("s").endRecord();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String target = i % 2 == 0 ? subject : "twin-" + i + "-" + subject;
        tasks.add(() -> register(base, target, schema));
      }
      Set<Integer> ids = new HashSet<>();
      for (Future<Integer> future : pool.invokeAll(tasks)) {
        ids.add(future.get());
      }
      assertThat(ids).hasSize(1);
      assertThat(call(base, "GET", "/subjects/" + path(subject) + "/versions", null).body().size()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theSameSchemaFormattedDifferentlyIsTheSameVersionAndTheIdsEndpointAnswersAsSchemaRegistry(EmbeddedStack stack)
      throws Exception {
    String base = stack.schemaRegistryUrl();
    int id = register(base, subject, A);
    String reformatted = "{ \"fields\" : [ { \"type\" : \"string\", \"name\" : \"a\" } ],\n \"name\" : \"Thing\", \"type\" : \"record\" }";

    Answer again = call(base, "POST", "/subjects/" + path(subject) + "/versions",
        JSON.createObjectNode().put("schema", reformatted).toString());
    Answer byId = call(base, "GET", "/schemas/ids/" + id, null);

    assertThat(again.body().path("id").asInt()).isEqualTo(id);
    assertThat(call(base, "GET", "/subjects/" + path(subject) + "/versions", null).body().size()).isEqualTo(1);
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(byId.body().size()).as("%s", byId.body()).isEqualTo(1);
    assertThat(new Schema.Parser().parse(byId.body().path("schema").asText())).isEqualTo(A);
  }

  @Test
  void compatibilityLevelsAreReadInAnyCaseAndUnknownOnesAre42203(EmbeddedStack stack) throws Exception {
    String base = stack.schemaRegistryUrl();

    Answer lower = call(base, "PUT", "/config/" + path(subject), "{\"compatibility\":\"none\"}");
    Answer unknown = call(base, "PUT", "/config/" + path(subject), "{\"compatibility\":\"SIDEWAYS\"}");

    assertThat(lower.status()).as("%s", lower.body()).isEqualTo(200);
    assertThat(lower.body().path("compatibility").asText()).isEqualTo("NONE");
    assertThat(call(base, "GET", "/config/" + path(subject), null).body().path("compatibilityLevel").asText())
        .isEqualTo("NONE");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.errorCode()).isEqualTo(42203);
  }

  @Test
  void anySchemaIsCompatibleWithTheLatestOfASubjectThatHasNoneYet(EmbeddedStack stack) throws Exception {
    Answer answer = call(stack.schemaRegistryUrl(), "POST",
        "/compatibility/subjects/" + path(subject) + "/versions/latest", schemaBody(A));

    assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
    assertThat(answer.body().path("is_compatible").asBoolean()).isTrue();
  }

  @Test
  void malformedAndHugeBodiesAreClientErrorsAndTheServerKeepsServing(EmbeddedStack stack) throws Exception {
    String base = stack.schemaRegistryUrl();
    Answer malformed = call(base, "POST", "/subjects/" + path(subject) + "/versions", "{\"schema\": ");
    String huge = "{\"schema\":\"" + "x".repeat(21_000_000) + "\"}";
    Answer tooBig = call(base, "POST", "/subjects/" + path(subject) + "/versions", huge);

    assertThat(malformed.status()).as("%s", malformed.body()).isBetween(400, 499);
    assertThat(malformed.body().has("error_code")).isTrue();
    assertThat(malformed.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(tooBig.status()).as("%s", tooBig.body()).isBetween(400, 499);
    assertThat(register(base, subject, A)).isPositive();
  }

  @Test
  void concurrentRegistrationsNeverShareAnIdNorLoseAVersion(EmbeddedStack stack) throws Exception {
    String base = stack.schemaRegistryUrl();
    String shared = subject;
    setCompatibility(base, shared, "NONE");
    int threads = 4;
    int each = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<List<Integer>>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(() -> {
          List<Integer> ids = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            Schema schema = SchemaBuilder.record("C" + UUID.randomUUID().toString().replace("-", ""))
                .fields().requiredInt("t" + thread + "_" + i).endRecord();
            ids.add(register(base, shared, schema));
          }
          return ids;
        });
      }
      Set<Integer> ids = new HashSet<>();
      int count = 0;
      for (Future<List<Integer>> future : pool.invokeAll(tasks)) {
        for (int id : future.get()) {
          ids.add(id);
          count++;
        }
      }
      assertThat(ids).as("one id per distinct schema").hasSize(count);
      Answer versions = call(base, "GET", "/subjects/" + path(shared) + "/versions", null);
      List<Integer> listed = new ArrayList<>();
      versions.body().forEach(v -> listed.add(v.asInt()));
      assertThat(listed).containsExactlyElementsOf(IntStream.rangeClosed(1, count).boxed().toList());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void versionsIdsAndSharedIdsSurviveARestart(EmbeddedStack stack) throws Exception {
    String topic = "_schemas-conf-" + UUID.randomUUID();
    List<Schema> schemas = List.of(A,
        SchemaBuilder.record("Other").fields().requiredLong("x").endRecord(),
        SchemaBuilder.record("Third").fields().requiredBoolean("y").endRecord());
    List<Integer> ids = new ArrayList<>();
    try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(stack.kafka(), 0, topic)) {
      setCompatibility(first.url(), subject, "NONE");
      for (Schema schema : schemas) {
        ids.add(register(first.url(), subject, schema));
      }
    }
    try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(stack.kafka(), 0, topic)) {
      String base = second.url();
      for (int v = 1; v <= 3; v++) {
        Answer answer = call(base, "GET", "/subjects/" + path(subject) + "/versions/" + v, null);
        assertThat(answer.body().path("id").asInt()).isEqualTo(ids.get(v - 1));
        assertThat(new Schema.Parser().parse(answer.body().path("schema").asText())).isEqualTo(schemas.get(v - 1));
      }
      assertThat(register(base, "other-" + subject, schemas.get(1))).as("same schema, same id").isEqualTo(ids.get(1));
      Schema fourth = SchemaBuilder.record("Fourth").fields().requiredDouble("z").endRecord();
      int fourthId = register(base, subject, fourth);
      assertThat(fourthId).isGreaterThan(ids.stream().mapToInt(Integer::intValue).max().orElseThrow());
      assertThat(call(base, "GET", "/subjects/" + path(subject) + "/versions/latest", null).body()
          .path("version").asInt()).isEqualTo(4);
    }
  }

  /** A journal topic that ends in an aborted transaction is still read to its end. */
  @Test
  void replayEndsOnAJournalEndingInAnAbortedTransaction(EmbeddedStack stack) throws Exception {
    String topic = "_schemas-aborted-" + UUID.randomUUID();
    int id;
    try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(stack.kafka(), 0, topic)) {
      id = register(first.url(), subject, A);
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID()),
        new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, 0, "{\"keytype\":\"NOOP\"}", "{}")).get();
      producer.abortTransaction();
    }

    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(stack.kafka(), 0, topic)) {
        assertThat(second.registry().idOf(subject, A)).isEqualTo(id);
      }
    });
  }
}
