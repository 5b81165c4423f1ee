package io.ticketflow.cli;

import java.io.PrintWriter;

/** How commands report a failure: one line, the stack trace only with {@code --verbose}. */
final class Failures {
  private Failures() {}

  static int report(PrintWriter err, String command, Exception e, boolean verbose, int exitCode) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    err.println("ticketflow " + command + ": " + message.lines().findFirst().orElse(message));
    if (verbose) {
      e.printStackTrace(err);
    } else {
      err.println("(add --verbose for details)");
    }
    err.flush();
    return exitCode;
  }
}
