package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
  void everySubcommandPrintsTheSameVersionLine() {
    String version = run(0, "--version");
    List<List<String>> commands = subcommandPaths(TicketflowCommand.commandLine(), List.of());
    assertThat(commands).contains(List.of("demo"), List.of("ask"), List.of("run"), List.of("faq", "import"));
    for (List<String> command : commands) {
      for (String flag : List.of("-V", "--version")) {
        assertThat(run(0, Stream.concat(command.stream(), Stream.of(flag)).toArray(String[]::new)))
            .as("%s %s", String.join(" ", command), flag).isEqualTo(version);
      }
    }
  }

  @Test
  void everyHelpFitsEightyColumnsWithExamplesUnbroken() {
    List<List<String>> commands = new ArrayList<>(subcommandPaths(TicketflowCommand.commandLine(), List.of()));
    commands.add(List.of());
    for (List<String> command : commands) {
      String help = run(0, Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new));
      List<String> lines = help.lines().toList();
      assertThat(lines).as("help of %s", command).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
      // picocli wraps a footer line that is too long onto an unindented line, breaking at a '.' or
      // '-' inside a word if it must: every example line, and its continuations, are indented.
      int examples = lines.indexOf("Examples:");
      if (examples >= 0) {
        for (String line : lines.subList(examples + 1, lines.size())) {
          if (line.isEmpty()) {
            break;
          }
          assertThat(line).as("example in the help of %s", command).startsWith("  ");
        }
      }
    }
  }

  /** The README's command table gives each command's exit codes; its help says them too. */
  @Test
  void everyCommandsHelpStatesItsExitCodes() {
    for (List<String> command : subcommandPaths(TicketflowCommand.commandLine(), List.of())) {
      if (!command.equals(List.of("faq"))) { // a group: its one command, faq import, says them
        assertThat(run(0, Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new)))
            .as("help of %s", command).contains("Exit codes: 0 ");
      }
    }
  }

  /** Every command below {@code cli}, nested ones included, as the words that name it; not {@code help}. */
  private static List<List<String>> subcommandPaths(CommandLine cli, List<String> parent) {
    List<List<String>> paths = new ArrayList<>();
    cli.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        List<String> path = Stream.concat(parent.stream(), Stream.of(name)).toList();
        paths.add(path);
        paths.addAll(subcommandPaths(sub, path));
      }
    });
    return paths;
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(run(2, "--no-such-option")).contains("Unknown option");
    // A mistyped option's value may be a secret: it is not repeated.
    assertThat(run(2, "report", "--jdbc-pasword", "s3cret-value")).contains("Unknown option: --jdbc-pasword")
        .doesNotContain("s3cret-value");
    assertThat(run(2, "report", "--jdbc-pasword=s3cret-value")).doesNotContain("s3cret-value");
  }

  /** Checked before anything connects or starts: 0 s ended in "Kafka is unreachable" while Kafka was up. */
  @Test
  void aTimeoutOfZeroOrLessIsAUsageError() {
    for (String seconds : List.of("0", "-1")) {
      for (List<String> command : List.of(List.of("ask", "hi", "--bootstrap-servers", "127.0.0.1:1"),
          List.of("faq", "import", "absent.jsonl", "--bootstrap-servers", "127.0.0.1:1"), List.of("demo", "--once"))) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--timeout", seconds));
        assertThat(run(2, args.toArray(String[]::new))).as(String.join(" ", args))
            .contains("Invalid value for option '--timeout': " + seconds + " (give a number of seconds above 0)")
            .doesNotContain("unreachable");
      }
    }
  }
}
