package io.ticketflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.match.SignalMatcher;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An operator stops the processor (SIGTERM) while it warms up its FAQ matcher at start-up: the
 * shutdown hook ends the warm-up after its current match, instead of letting it run out its
 * budget, and the processor exits as after any clean stop, without ever reporting itself started.
 */
class StopDuringWarmUpIT {
  private static final Pattern WARMED_UP = Pattern.compile("warmed up with (\\d+) matches");

  @Test
  void aStopDuringTheWarmUpEndsItAfterItsCurrentMatch() throws Exception {
    // A budget no test would wait out: the warm-up stops at its 3,000-match limit or at the signal.
    try (FaultPipeline p = FaultPipeline.start("stop-during-warm-up", Map.of(TicketflowConfig.MATCH_WARM_UP, "10m"))) {
      ProcessorProcess processor = p.launchProcessor("a");
      String loaded = "loaded " + FaultPipeline.FAQ_SIZE + " entries from the global store";
      // The warm-up starts right after this line; its 3,000 matches take several seconds on any host.
      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(100))
          .until(() -> !processor.isAlive() || Files.readString(processor.log()).contains(loaded));
      assertThat(processor.isAlive()).as("alive when the FAQ was loaded; log tail:\n%s", processor.logTail(40)).isTrue();

      int exit = processor.stop();

      String log = Files.readString(processor.log());
      // 143: the JVM's code for SIGTERM, after the shutdown hooks ran (a kill -9 after stop()'s
      // minute of waiting would be 137).
      assertThat(exit).as("exit code; log tail:\n%s", processor.logTail(40)).isEqualTo(143);
      Matcher warmedUp = WARMED_UP.matcher(log);
      assertThat(warmedUp.find()).as("the warm-up's summary line; log tail:\n%s", processor.logTail(40)).isTrue();
      assertThat(Integer.parseInt(warmedUp.group(1))).as("matches the warm-up ran")
          .isPositive().isLessThan(SignalMatcher.WARM_UP_MATCHES);
      assertThat(log).doesNotContain("ticketflow processor started");
    }
  }
}
