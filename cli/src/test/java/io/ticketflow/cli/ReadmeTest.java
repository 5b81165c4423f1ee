package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.config.ConfigLoader;
import io.ticketflow.config.TicketflowConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's configuration table and command reference match the code. */
class ReadmeTest {
  private static String readme() throws IOException {
    return Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
  }

  @Test
  void everyConfigKeyHasARowWithItsDefaultAndEnvironmentVariable() throws IOException {
    List<String> rows = readme().lines().filter(l -> l.startsWith("| `")).toList();
    for (ConfigDef.ConfigKey key : TicketflowConfig.CONFIG.configKeys().values()) {
      String row = rows.stream().filter(l -> l.startsWith("| `" + key.name + "` |")).findFirst().orElse(null);
      assertThat(row).as("README row for " + key.name).isNotNull();
      assertThat(row).contains("`" + ConfigLoader.envName(key.name) + "`").contains(" " + key.group + " ");
      Object d = key.defaultValue;
      String expected = d == ConfigDef.NO_DEFAULT_VALUE ? "(required)" : d == null ? "–"
          : d instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(d);
      assertThat(row).as("default of " + key.name).contains("`" + (expected.isEmpty() ? "(empty)" : expected) + "`");
    }
  }

  /** The other direction: a key removed or renamed in the code leaves no row behind. */
  @Test
  void everyRowOfTheConfigurationTableIsAKey() throws IOException {
    List<String> keys = readme().lines().filter(l -> l.startsWith("| `") && l.contains("| `TICKETFLOW_"))
        .map(l -> l.substring(3, l.indexOf('`', 3))).toList();
    assertThat(keys).hasSize(TicketflowConfig.CONFIG.names().size());
    assertThat(TicketflowConfig.CONFIG.names()).containsAll(keys);
  }

  /**
   * The command table and each command's --help state the same usage errors: two branches gave
   * ask and faq import "or options" in the README only, and eval in its help only.
   */
  @Test
  void theCommandTableAndEachHelpAgreeWhetherExit2CoversInvalidOptions() throws IOException {
    List<String> rows = readme().lines().filter(l -> l.startsWith("| `ticketflow ")).toList();
    CommandLine root = TicketflowCommand.commandLine();
    for (List<String> path : List.of(List.of("demo"), List.of("run"), List.of("faq", "import"), List.of("ask"),
        List.of("report"), List.of("eval"), List.of("calibrate"))) {
      CommandLine cmd = root;
      for (String name : path) {
        cmd = cmd.getSubcommands().get(name);
      }
      String help = cmd.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
      String exits = help.substring(help.indexOf("Exit codes:"));
      String command = "| `ticketflow " + String.join(" ", path);
      String row = rows.stream().filter(l -> l.startsWith(command + " ") || l.startsWith(command + "`"))
          .findFirst().orElseThrow();
      String readmeExits = row.substring(row.lastIndexOf(" | ") + 3);
      assertThat(readmeExits.contains("options")).as("%s: README '%s' vs help '%s'", path, readmeExits, exits)
          .isEqualTo(exits.contains("options"));
    }
  }

  @Test
  void everySubcommandIsInTheCommandReference() throws IOException {
    String readme = readme();
    for (String name : TicketflowCommand.commandLine().getSubcommands().keySet()) {
      if (!name.equals("help")) {
        assertThat(readme).as("command " + name).contains("| `ticketflow " + name);
      }
    }
    CommandLine faq = TicketflowCommand.commandLine().getSubcommands().get("faq");
    assertThat(faq.getSubcommands()).containsKey("import");
  }
}
