package io.ticketflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.reliability.Traffic.Planned;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: the broker stops mid-stream and comes back on the same data directory and port.
 * Processor and Connect worker recover on their own (nobody restarts them) and the account is exact.
 */
class BrokerRestartIT {
  private static final int TOTAL = 3_000;

  @Test
  void processorAndConnectRecoverFromABrokerRestartOnTheirOwn() throws Exception {
    try (FaultPipeline p = FaultPipeline.start("broker-restart", Map.of())) {
      p.llm.latency(Duration.ofMillis(150));
      List<Planned> plan = new Traffic.Plan(p.topics, 7, 300).mixed(TOTAL, ProcessorCrashIT.standardMix()).build();
      ProcessorProcess processor = p.startProcessor("a");
      try (Traffic traffic = new Traffic(plan, p.topics, p.stack.bootstrapServers()).start(150)) {
        await().atMost(Duration.ofMinutes(2)).until(() -> traffic.sent() >= TOTAL / 3);
        p.kafka.stop();
        long stoppedAt = System.nanoTime();
        // The outage itself: the broker stays down for 5 s while traffic keeps being produced.
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> !p.kafka.isRunning());
        p.kafka.start();
        System.out.printf("broker down for %.1f s after %d of %d records were sent%n",
            (System.nanoTime() - stoppedAt) / 1e9, traffic.sent(), TOTAL);
        traffic.awaitAllSent(180);
      }
      Ledger ledger = Ledger.settle(p, plan, Duration.ofMinutes(4)).assertNothingLostOrDuplicated();
      assertThat(ledger.answered).isPositive();
      assertThat(processor.isAlive()).as("the processor survived the broker restart").isTrue();
      await().atMost(Duration.ofMinutes(1)).until(processor::ready);
      assertThat(p.connect.allRunning()).as("every connector and task RUNNING again").isTrue();
      assertThat(Secrets.find(p)).as("places a secret leaked to").isEmpty();
    }
  }
}
