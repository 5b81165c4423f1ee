package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TicketflowCommandTest {

  private static String run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = TicketflowCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    assertThat(cli.execute(args)).as("exit code of %s", String.join(" ", args)).isEqualTo(expectedExit);
    return out.toString();
  }

  @Test
  void helpListsTheCommandsAndTheDemo() {
    assertThat(run(0, "--help")).contains("Usage: ticketflow").contains("ticketflow demo");
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(run(0, "--version")).startsWith("ticketflow ").doesNotContain("unknown").doesNotContain("${");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(run(2, "--no-such-option")).contains("Unknown option");
  }
}
