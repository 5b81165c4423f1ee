package io.ticketflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: the Connect worker is killed ({@code kill -9}) mid-stream and started again: the
 * sinks resume from their committed offsets, redelivered rows upsert, nothing is lost.
 */
class ConnectCrashIT {
  private static final int TOTAL = 3_000;

  @Test
  void killedConnectWorkerResumesWithoutLossOrDuplicates() throws Exception {
    try (FaultPipeline p = FaultPipeline.start("connect-crash", Map.of())) {
      p.llm.latency(Duration.ofMillis(150));
      List<Traffic.Planned> plan = new Traffic.Plan(p.topics, 2, 300).mixed(TOTAL, ProcessorCrashIT.standardMix()).build();
      ProcessorProcess processor = p.startProcessor("a");
      try (Traffic traffic = new Traffic(plan, p.topics, p.stack.bootstrapServers()).start(250)) {
        await().atMost(Duration.ofMinutes(2)).until(() -> traffic.sent() >= TOTAL / 3);
        // Rows are being written when the worker dies: more than its first batch, so that records
        // it wrote since its last offset commit are redelivered to the restarted worker (with
        // "> 0" it died at its first write, 2 audit rows of 3,000, and little was redelivered).
        await().atMost(Duration.ofMinutes(1)).until(() -> Ledger.DatabaseRows.read(p).audit() >= 500);
        p.connect.kill();
        System.out.printf("killed the Connect worker (kill -9) after %d of %d records were sent, %d audit rows written%n",
            traffic.sent(), TOTAL, Ledger.DatabaseRows.read(p).audit());
        p.connect.start();
        traffic.awaitAllSent(120);
      }
      Ledger ledger = Ledger.settle(p, plan, Duration.ofMinutes(3)).assertNothingLostOrDuplicated();
      assertThat(ledger.answered + ledger.escalated).isPositive();
      assertThat(processor.isAlive()).isTrue();
      assertThat(Secrets.find(p)).as("places a secret leaked to").isEmpty();
    }
  }
}
