package io.ticketflow.devstack.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ticketflow.connect.sink.SinkSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine), so: its shape is checked always, and
 * {@code docker compose config} validates it wherever the Docker client with the compose plugin
 * exists (skipped, with the reason, elsewhere).
 */
class DockerComposeFileTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path COMPOSE = ROOT.resolve("docker-compose.yml");

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    String why = composeUnavailable();
    assumeTrue(why == null, () -> "skipped: " + why);

    Process config = new ProcessBuilder("docker", "compose", "-f", COMPOSE.toString(), "config", "--quiet")
        .redirectErrorStream(true).start();
    assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(config.exitValue()).as(output).isZero();
  }

  /** Why {@code docker compose} cannot be used here, or null if it can. */
  static String composeUnavailable() {
    try {
      Process version = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
      if (!version.waitFor(30, TimeUnit.SECONDS)) {
        version.destroyForcibly();
        return "'docker compose version' did not answer within 30 s";
      }
      if (version.exitValue() != 0) {
        String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return "the docker client has no compose plugin ('docker compose version' exited "
            + version.exitValue() + ": " + out.lines().findFirst().orElse("") + ")";
      }
      return null;
    } catch (IOException e) {
      return "no docker client on PATH (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Test
  void everyLongRunningServiceHasAHealthcheckAndRealImages() throws IOException {
    JsonNode services = compose().path("services");

    assertThat(services.fieldNames()).toIterable().contains("kafka", "schema-registry", "postgres",
        "connect", "register-connectors", "processor");
    for (String service : List.of("kafka", "schema-registry", "postgres", "connect")) {
      assertThat(services.path(service).has("healthcheck")).as(service).isTrue();
    }
    assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
    assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
        .isEqualTo("broker,controller");
    assertThat(services.path("schema-registry").path("image").asText())
        .startsWith("confluentinc/cp-schema-registry:");
    assertThat(services.path("processor").path("build").path("target").asText()).isEqualTo("processor");
    assertThat(services.path("processor").path("command").toString())
        .isEqualTo("[\"run\",\"--config\",\"/config/processor.properties\"]");
  }

  @Test
  void theProcessorsReadinessJudgesExactlyTheConnectorsTheRegistrationContainerCreates() throws IOException {
    String prefix = compose().path("services").path("register-connectors").path("environment")
        .path("CONNECTOR_PREFIX").asText();
    List<String> created = new java.util.ArrayList<>();
    try (var templates = Files.list(ROOT.resolve("connectors/src/main/resources/connectors"))) {
      for (Path template : templates.filter(p -> p.toString().endsWith(".json")).toList()) {
        created.add(new ObjectMapper().readTree(template.toFile()).path("name").asText()
            .replace("{{CONNECTOR_PREFIX}}", prefix));
      }
    }
    java.util.Properties processor = new java.util.Properties();
    try (var in = Files.newBufferedReader(ROOT.resolve("connectors/docker/processor.properties"))) {
      processor.load(in);
    }
    assertThat(created).hasSize(5);
    assertThat(List.of(processor.getProperty("ops.connectors", "").split(",")))
        .containsExactlyInAnyOrderElementsOf(created);
  }

  @Test
  void theRegistrationContainerFillsEveryPlaceholderOfTheSharedTemplates() throws IOException {
    JsonNode register = compose().path("services").path("register-connectors");
    JsonNode env = register.path("environment");

    for (String placeholder : SinkSettings.embedded("u", "u", "", "r").placeholders().keySet()) {
      assertThat(env.has(placeholder)).as(placeholder).isTrue();
    }
    assertThat(env.path("AVRO_CONVERTER").asText()).isEqualTo("io.confluent.connect.avro.AvroConverter");
    assertThat(register.path("volumes").toString())
        .contains("./connectors/src/main/resources/connectors:/connectors");
    String script = Files.readString(ROOT.resolve("connectors/docker/register-connectors.sh"));
    for (String placeholder : SinkSettings.embedded("u", "u", "", "r").placeholders().keySet()) {
      assertThat(script).as(placeholder).contains("{{" + placeholder + "}}");
    }
    assertThat(Files.readString(ROOT.resolve("Dockerfile")))
        .contains("AS processor", "AS connect", "\"run\", \"--config\", \"/config/processor.properties\"")
        .as("the sinks' connector and transform are ours: the worker needs the connectors jar and"
            + " its runtime dependencies (Debezium's JDBC sink among them) as a plugin")
        .contains("cp connectors/target/ticketflow-connectors-*.jar /out/plugins/ticketflow-connectors/",
            "dependency:copy-dependencies -DincludeScope=runtime");
  }

  @Test
  void theDatabasePasswordReachesOnlyTheWorkerAndPortsOnlyLoopback() throws IOException {
    JsonNode services = compose().path("services");
    JsonNode worker = services.path("connect").path("environment");
    JsonNode register = services.path("register-connectors").path("environment");
    String password = services.path("postgres").path("environment").path("POSTGRES_PASSWORD").asText();

    assertThat(worker.path("CONNECT_CONFIG_PROVIDERS").asText()).isEqualTo("env");
    assertThat(worker.path("CONNECT_CONFIG_PROVIDERS_ENV_CLASS").asText())
        .isEqualTo("org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    assertThat(worker.path("CONNECT_CONFIG_PROVIDERS_ENV_PARAM_ALLOWLIST_PATTERN").asText())
        .isEqualTo(SinkSettings.PASSWORD_ENV);
    assertThat(worker.path(SinkSettings.PASSWORD_ENV).asText()).isEqualTo(password).isNotEmpty();
    // Compose reads "$$" as a literal "$".
    assertThat(register.path("JDBC_PASSWORD_REFERENCE").asText()).isEqualTo("$" + SinkSettings.ENV_PASSWORD_REFERENCE);
    register.properties().forEach(e -> assertThat(e.getValue().asText()).as(e.getKey()).doesNotContain(password));

    services.properties().forEach(service -> service.getValue().path("ports").forEach(port ->
        assertThat(port.asText()).as(service.getKey()).startsWith("127.0.0.1:")));
  }

  static JsonNode compose() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile());
  }
}
