package io.ticketflow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the ticketflow command line in-process and keeps what it printed. */
final class CliRunner {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** The exit code of {@code ticketflow args…}. */
  int run(String... args) {
    CommandLine cli = TicketflowCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }
}
