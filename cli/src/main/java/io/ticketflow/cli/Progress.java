package io.ticketflow.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr, so stdout stays clean for {@code --json}. Coloured only on a terminal
 * that shows colour: redirected to a file or CI log, or on a dumb terminal, the colour escape
 * codes would be printed as text.
 */
final class Progress {

  private Progress() {}

  static ProgressBar bar(String task, long max) {
    return bar(task, max, System.err, colourShown(System.console() != null, System.getenv("TERM")));
  }

  static ProgressBar bar(String task, long max, PrintStream to, boolean colour) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(colour ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(to))
        .setUpdateIntervalMillis(500)
        .build();
  }

  /** Whether a terminal shows colour: there is one ({@code System.console()}) and it is not dumb. */
  static boolean colourShown(boolean console, String term) {
    return console && !"dumb".equals(term);
  }
}
