package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

  private static int run(StringWriter err, String... args) {
    return run(err, Map.of(), args);
  }

  /** {@code ticketflow args…} with {@code environment} as the process environment. */
  private static int run(StringWriter err, Map<String, String> environment, String... args) {
    CommandLine cli = TicketflowCommand.commandLine();
    cli.setErr(new PrintWriter(err));
    ((RunCommand) cli.getSubcommands().get("run").getCommand()).environment = environment;
    return cli.execute(args);
  }

  @Test
  void runIsASubcommand() {
    assertThat(TicketflowCommand.commandLine().getSubcommands()).containsKey("run");
  }

  @Test
  void missingConfigFileIsAConfigurationError(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    assertThat(run(err, "run", "--config", dir.resolve("absent.properties").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("absent.properties");
  }

  @Test
  void unknownKeyIsAConfigurationError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "bootstrap.servers=x:1\nschema.registry.url=http://x:1\nanswer.treshold=0.5\n");
    StringWriter err = new StringWriter();
    assertThat(run(err, "run", "-c", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("answer.treshold");
  }

  @Test
  void withoutAFileTheEnvironmentAloneIsTheConfiguration() {
    StringWriter err = new StringWriter();
    Map<String, String> env = Map.of("TICKETFLOW_BOOTSTRAP_SERVERS", "127.0.0.1:1",
        "TICKETFLOW_SCHEMA_REGISTRY_URL", "http://127.0.0.1:1");

    // Past the configuration (no usage error, no exit 2): it tries the registry the environment names.
    assertThat(run(err, env, "run")).isEqualTo(1);
    assertThat(err.toString()).contains("Cannot start: Schema Registry is unreachable at "
        + "schema.registry.url=http://127.0.0.1:1").doesNotContain("Missing required option");
  }

  @Test
  void withoutAFileAKeyMissingFromTheEnvironmentIsNamedWithItsVariable() {
    StringWriter err = new StringWriter();

    assertThat(run(err, Map.of("TICKETFLOW_SCHEMA_REGISTRY_URL", "http://127.0.0.1:1"), "run")).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid configuration: ").contains("\"bootstrap.servers\"")
        .contains("set it as TICKETFLOW_BOOTSTRAP_SERVERS");
  }

  @Test
  void helpSaysTheFileIsOptional() {
    StringWriter out = new StringWriter();
    CommandLine cli = TicketflowCommand.commandLine();
    cli.setOut(new PrintWriter(out));

    assertThat(cli.execute("run", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: ticketflow run [-hV] [-c=FILE]").contains("TICKETFLOW_A_B_C");
  }

  @Test
  void unreachableRegistryExitsWithOne(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "bootstrap.servers=127.0.0.1:1\nschema.registry.url=http://127.0.0.1:1\n");
    StringWriter err = new StringWriter();
    assertThat(run(err, "run", "-c", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("Cannot start: Schema Registry is unreachable at "
        + "schema.registry.url=http://127.0.0.1:1 (ConnectException").doesNotContain("(HTTP 0");
    assertThat(err.toString().split("nreachable", -1)).as("said once: %s", err).hasSize(2);
  }

  /** OPENAI_BASE_URL is configuration: a wrong one is refused as such, before anything starts. */
  @Test
  void anLlmBaseUrlThatIsNoUrlOrHoldsCredentialsIsAConfigurationError() {
    Map<String, String> env = Map.of("TICKETFLOW_BOOTSTRAP_SERVERS", "127.0.0.1:1",
        "TICKETFLOW_SCHEMA_REGISTRY_URL", "http://127.0.0.1:1", "OPENAI_API_KEY", "sk-test");
    StringWriter noScheme = new StringWriter();
    assertThat(run(noScheme, with(env, "OPENAI_BASE_URL", "127.0.0.1:8000/v1"), "run")).isEqualTo(2);
    assertThat(noScheme.toString()).contains("Invalid configuration: Invalid value 127.0.0.1:8000/v1 for configuration"
        + " OPENAI_BASE_URL").doesNotContain("\tat ")
        // Not a setting a --config file could hold: no hint about one.
        .doesNotContain("no --config FILE");

    StringWriter credentials = new StringWriter();
    assertThat(run(credentials, with(env, "OPENAI_BASE_URL", "https://proxy-user:s3cret@llm.example/v1"), "run"))
        .isEqualTo(2);
    assertThat(credentials.toString()).contains("https://***@llm.example/v1").doesNotContain("s3cret");
  }

  /** Kafka's client refusing the settings is a start-up failure in one line, like an unreachable broker. */
  @Test
  void kafkaSecuritySettingsTheClientRefusesAreACannotStartWithoutAStackTrace(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "bootstrap.servers=127.0.0.1:1\nschema.registry.url=mock://run-jaas\n"
        + "kafka.security.protocol=SASL_PLAINTEXT\nkafka.sasl.mechanism=PLAIN\n"
        + "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
        + " username=\"u\" password=\"s3cret\"\n");
    StringWriter err = new StringWriter();
    assertThat(run(err, "run", "-c", file.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("Cannot start: cannot create a Kafka client for bootstrap.servers=127.0.0.1:1:"
        + " JAAS config entry not terminated by semi-colon").doesNotContain("\tat ", "s3cret");
  }

  /**
   * Kafka Streams refuses some settings only together (more than 5 requests in flight under
   * exactly-once): an invalid configuration (exit 2) before Kafka is contacted, not a ConfigException
   * stack trace from the KafkaStreams constructor once the topics had been created.
   */
  @Test
  void kafkaSettingsStreamsRefusesTogetherAreAConfigurationError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "bootstrap.servers=127.0.0.1:1\nschema.registry.url=mock://run-in-flight\n"
        + "kafka.max.in.flight.requests.per.connection=10\n");
    StringWriter err = new StringWriter();
    assertThat(run(err, "run", "-c", file.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("Invalid configuration: Kafka Streams refuses the kafka.* settings: ")
        .contains("max.in.flight.requests.per.connection").contains("exactly-once").doesNotContain("\tat ");
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> out = new java.util.HashMap<>(env);
    out.put(name, value);
    return out;
  }

  /** run, ask and faq import load the configuration alike: a file that is not UTF-8 is a configuration error. */
  @Test
  void aConfigFileThatIsNotUtf8IsAConfigurationErrorWithoutAStackTrace(@TempDir Path dir) throws IOException {
    Path file = Files.write(dir.resolve("prod.properties"), ("# caf\u00e9 cluster\nbootstrap.servers=localhost:1\n"
        + "schema.registry.url=http://localhost:1\n").getBytes(StandardCharsets.ISO_8859_1));
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n");
    String[][] commands = {{"run", "-c", file.toString()}, {"ask", "hello", "-c", file.toString()},
        {"faq", "import", faq.toString(), "--tenant", "shop", "-c", file.toString()}};
    for (String[] args : commands) {
      CliRunner cli = new CliRunner();
      assertThat(cli.run(args)).as(args[0]).isEqualTo(2);
      assertThat(cli.err()).as(args[0]).contains("Invalid configuration")
          .contains(file + " is not UTF-8 text").doesNotContain("\tat ");
    }
  }
}
