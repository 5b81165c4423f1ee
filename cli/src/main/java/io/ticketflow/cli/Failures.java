package io.ticketflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

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

  /**
   * Why a file could not be read, for a message that has already named the file: a
   * {@code NoSuchFileException}'s or {@code AccessDeniedException}'s own message is only the path.
   */
  static String whyUnreadable(Exception e) {
    Exception io = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (io instanceof NoSuchFileException) {
      return "no such file";
    }
    if (io instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (io instanceof CharacterCodingException) {
      return "not UTF-8 text (" + io.getClass().getSimpleName() + ")";
    }
    if (io instanceof FileSystemException f) {
      return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
    }
    return io.getMessage() == null || io.getMessage().isBlank() ? io.getClass().getSimpleName() : io.getMessage();
  }
}
