package io.ticketflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.devstack.registry.EmbeddedSchemaRegistry;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.registry.Compatibility;
import io.ticketflow.schema.registry.RestSchemaRegistryClient;
import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.registry.SchemaRegistryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Our REST client against our registry server, through real HTTP, on the real broker. */
@ExtendWith(EmbeddedStackExtension.class)
class SchemaRegistryApiIT {
  private final String subject = "api-" + UUID.randomUUID() + "-value";

  private static SchemaRegistryClient client(String url) {
    return new RestSchemaRegistryClient(List.of(URI.create(url)), Duration.ofSeconds(2), Duration.ofSeconds(5), null);
  }

  @Test
  void registerLookupAndFetch(EmbeddedStack stack) {
    SchemaRegistryClient client = client(stack.schemaRegistryUrl());

    int id = client.register(subject, Inquiry.getClassSchema());

    assertThat(client.register(subject, Inquiry.getClassSchema())).as("idempotent").isEqualTo(id);
    assertThat(client.idOf(subject, Inquiry.getClassSchema())).isEqualTo(id);
    assertThat(client.byId(id)).isEqualTo(Inquiry.getClassSchema());
    assertThat(client.latest(subject).version()).isEqualTo(1);
    assertThat(client.latest(subject).id()).isEqualTo(id);
    assertThat(client.subjects()).contains(subject);
    assertThat(client.isCompatible(subject, Inquiry.getClassSchema())).isTrue();
  }

  @Test
  void sameSchemaUnderAnotherSubjectKeepsItsId(EmbeddedStack stack) {
    SchemaRegistryClient client = client(stack.schemaRegistryUrl());
    int first = client.register(subject, Reply.getClassSchema());
    int second = client.register("other-" + subject, Reply.getClassSchema());
    assertThat(second).isEqualTo(first);
  }

  @Test
  void incompatibleSchemaIsRefusedWith409(EmbeddedStack stack) {
    SchemaRegistryClient client = client(stack.schemaRegistryUrl());
    Schema v1 = SchemaBuilder.record("Thing").fields().requiredString("a").endRecord();
    Schema v2 = SchemaBuilder.record("Thing").fields().requiredString("a").requiredString("b").endRecord();
    client.register(subject, v1);

    assertThat(client.isCompatible(subject, v2)).isFalse();
    SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.register(subject, v2));

    assertThat(e.httpStatus()).isEqualTo(409);
    assertThat(e.errorCode()).isEqualTo(409);
    assertThat(e).hasMessageContaining("incompatible");
  }

  @Test
  void compatibilityNoneAllowsAnyChange(EmbeddedStack stack) {
    SchemaRegistryClient client = client(stack.schemaRegistryUrl());
    Schema v1 = SchemaBuilder.record("Thing").fields().requiredString("a").endRecord();
    Schema v2 = SchemaBuilder.record("Thing").fields().requiredInt("z").endRecord();
    client.register(subject, v1);
    client.setCompatibility(subject, Compatibility.NONE);

    client.register(subject, v2);

    assertThat(client.latest(subject).version()).isEqualTo(2);
  }

  @Test
  void unknownSubjectAndSchemaCarryTheRegistryErrorCodes(EmbeddedStack stack) {
    SchemaRegistryClient client = client(stack.schemaRegistryUrl());

    var noSubject = catchThrowableOfType(SchemaRegistryException.class, () -> client.latest(subject));
    var noId = catchThrowableOfType(SchemaRegistryException.class, () -> client.byId(999_999));
    client.register(subject, Inquiry.getClassSchema());
    var notUnderSubject = catchThrowableOfType(SchemaRegistryException.class,
        () -> client.idOf(subject, Reply.getClassSchema()));

    assertThat(noSubject.httpStatus()).isEqualTo(404);
    assertThat(noSubject.errorCode()).isEqualTo(40401);
    assertThat(noId.errorCode()).isEqualTo(40403);
    assertThat(notUnderSubject.errorCode()).isEqualTo(40403);
  }

  @Test
  void invalidSchemaIs422(EmbeddedStack stack) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"schema\": \"{\\\"type\\\": \\\"recrd\\\"}\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("\"error_code\":42201");
  }

  @Test
  void idsSurviveARestartOfTheRegistry(EmbeddedStack stack) {
    String topic = "_schemas-" + UUID.randomUUID();
    int id;
    try (EmbeddedSchemaRegistry first = EmbeddedSchemaRegistry.start(stack.kafka(), 0, topic)) {
      SchemaRegistryClient client = client(first.url());
      client.register(subject, SchemaBuilder.record("Filler").fields().requiredLong("x").endRecord());
      id = client.register(subject + "-2", Reply.getClassSchema());
      client.setCompatibility(subject, Compatibility.NONE);
    }
    try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry.start(stack.kafka(), 0, topic)) {
      SchemaRegistryClient client = client(second.url());
      assertThat(client.byId(id)).isEqualTo(Reply.getClassSchema());
      assertThat(client.idOf(subject + "-2", Reply.getClassSchema())).isEqualTo(id);
      assertThat(second.registry().compatibility(subject)).isEqualTo(Compatibility.NONE);
      assertThat(client.register("new-" + subject, Inquiry.getClassSchema())).isGreaterThan(id);
    }
  }

  @Test
  void aDeadUrlIsSkippedForTheNextOne(EmbeddedStack stack) {
    String dead = "http://127.0.0.1:" + io.ticketflow.devstack.kafka.EmbeddedKafka.freePort();
    SchemaRegistryClient client = new RestSchemaRegistryClient(
        List.of(URI.create(dead), URI.create(stack.schemaRegistryUrl())),
        Duration.ofSeconds(2), Duration.ofSeconds(5), null);

    assertThat(client.register(subject, Inquiry.getClassSchema())).isPositive();
  }

  @Test
  void unreachableRegistryIsAClearError() {
    SchemaRegistryClient client = client("http://127.0.0.1:" + io.ticketflow.devstack.kafka.EmbeddedKafka.freePort());
    var e = catchThrowableOfType(SchemaRegistryException.class, () -> client.byId(1));
    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
    assertThat(e).hasMessageContaining("unreachable");
  }
}
