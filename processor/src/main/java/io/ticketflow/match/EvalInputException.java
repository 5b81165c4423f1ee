package io.ticketflow.match;

import java.nio.file.Path;

/** A problem in an evaluation input file, located by file and 1-based line. */
public final class EvalInputException extends Exception {

  private static final long serialVersionUID = 1L;

  public EvalInputException(Path file, int line, String problem) {
    super(file + ":" + line + ": " + problem);
  }

  /** A problem with the file as a whole, such as a file that is not there. */
  public EvalInputException(Path file, String problem) {
    super(file + ": " + problem);
  }
}
