package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

  private static int run(StringWriter err, String... args) {
    CommandLine cli = TicketflowCommand.commandLine();
    cli.setErr(new PrintWriter(err));
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
  void unreachableRegistryExitsWithOne(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "bootstrap.servers=127.0.0.1:1\nschema.registry.url=http://127.0.0.1:1\n");
    StringWriter err = new StringWriter();
    assertThat(run(err, "run", "-c", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("Cannot start: Schema Registry is unreachable at "
        + "schema.registry.url=http://127.0.0.1:1 (ConnectException").doesNotContain("(HTTP 0");
    assertThat(err.toString().split("nreachable", -1)).as("said once: %s", err).hasSize(2);
  }
}
