package io.ticketflow.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ticketflow}: the entry point; subcommands do the work. */
@Command(
    name = "ticketflow",
    mixinStandardHelpOptions = true,
    versionProvider = TicketflowCommand.Version.class,
    description = {
        "Answers customer inquiries from Kafka: FAQ first, then an LLM, then a human.",
        "",
        "Run the whole pipeline on your machine:  ticketflow demo",
    },
    subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, RunCommand.class, FaqCommand.class,
        AskCommand.class, ReportCommand.class, EvalCommand.class, CalibrateCommand.class})
public final class TicketflowCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Before anything uses CompletableFuture: see AsyncDefaults (a thread per LLM call otherwise).
    io.ticketflow.answer.AsyncDefaults.preferPooledAsync();
    // Before the first logger exists: `run` (a service) and --verbose log ticketflow's INFO lines;
    // interactive commands keep the terminal for their own output.
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    if (System.getProperty("ticketflow.log.level") == null && (verbose || (args.length > 0 && args[0].equals("run")))) {
      System.setProperty("ticketflow.log.level", "INFO");
      System.setProperty("ticketflow.library.log.level", System.getProperty("ticketflow.library.log.level", "WARN"));
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new TicketflowCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(TicketflowCommand::invalidInput);
  }

  /**
   * As picocli's own handler, except that arguments it cannot place are named by their options
   * only: picocli repeats them all, and after a mistyped {@code --jdbc-pasword} the next argument
   * is the password.
   */
  static int invalidInput(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
      List<String> options = unmatched.getUnmatched().stream().filter(a -> a.startsWith("-"))
          .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a).toList();
      err.println((options.isEmpty() ? "Unexpected arguments" : "Unknown option: " + String.join(", ", options))
          + " (values are not repeated here: one may be a secret)");
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err)) {
        cmd.usage(err);
      }
    } else {
      err.println(e.getMessage());
      cmd.usage(err);
    }
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * A command's {@code --timeout}, refused unless positive: 0 or less used to end in "Kafka is
   * unreachable" while Kafka was up.
   */
  static Duration timeout(CommandLine.Model.CommandSpec spec, int seconds) {
    if (seconds <= 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "Invalid value for option '--timeout': " + seconds + " (give a number of seconds above 0)");
    }
    return Duration.ofSeconds(seconds);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ticketflow " + projectVersion()};
    }
  }

  /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String projectVersion() {
    Properties props = new Properties();
    try (InputStream in = TicketflowCommand.class.getResourceAsStream("/ticketflow-version.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props.getProperty("version", "unknown");
  }
}
