package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static String rendered(boolean colour) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream to = new PrintStream(bytes, true, StandardCharsets.UTF_8);
         ProgressBar bar = Progress.bar("fitting", 4, to, colour)) {
      bar.stepTo(4);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutATerminalTheBarHasNoEscapeCodes() {
    String plain = rendered(false);

    assertThat(plain).contains("fitting").contains("4/4").doesNotContain("\u001b[");
  }

  @Test
  void aTerminalGetsColour() {
    assertThat(rendered(true)).contains("\u001b[");
  }

  @Test
  void colourOnlyOnAConsoleThatIsNotDumb() {
    assertThat(Progress.colourShown(true, "xterm-256color")).isTrue();
    assertThat(Progress.colourShown(true, null)).isTrue();
    assertThat(Progress.colourShown(true, "dumb")).isFalse();
    assertThat(Progress.colourShown(false, "xterm-256color")).isFalse();
  }
}
