package io.ticketflow.reliability;

import static io.ticketflow.reliability.Traffic.Kind.DUPLICATE;
import static io.ticketflow.reliability.Traffic.Kind.FAQ;
import static io.ticketflow.reliability.Traffic.Kind.HUMAN;
import static io.ticketflow.reliability.Traffic.Kind.INVALID;
import static io.ticketflow.reliability.Traffic.Kind.LLM;
import static io.ticketflow.reliability.Traffic.Kind.MALFORMED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.schema.ReplySource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1: 10,000 inquiries while the processor is killed with {@code kill -9} twice at random
 * points and restarted each time. Nothing lost, nothing duplicated, in the topics and the database.
 */
class ProcessorCrashIT {
  static final int TOTAL = Integer.getInteger("reliability.crash.records", 10_000);

  /** The mix every end-to-end scenario uses unless it needs another. */
  static Map<Traffic.Kind, Integer> standardMix() {
    Map<Traffic.Kind, Integer> mix = new LinkedHashMap<>();
    mix.put(FAQ, 45);
    mix.put(LLM, 25);
    mix.put(HUMAN, 10);
    mix.put(DUPLICATE, 10);
    mix.put(MALFORMED, 5);
    mix.put(INVALID, 5);
    return mix;
  }

  @Test
  void killedTwiceMidStreamLosesAndDuplicatesNothing() throws Exception {
    Random random = new Random(20261126);
    try (FaultPipeline p = FaultPipeline.start("processor-crash", Map.of())) {
      p.llm.latency(Duration.ofMillis(150));
      List<Traffic.Planned> plan = new Traffic.Plan(p.topics, 1, 400).mixed(TOTAL, standardMix()).build();
      ProcessorProcess processor = p.startProcessor("a");
      try (Traffic traffic = new Traffic(plan, p.topics, p.stack.bootstrapServers()).start(400)) {
        for (int kill = 1; kill <= 2; kill++) {
          int at = kill * TOTAL / 3 - TOTAL / 10 + random.nextInt(TOTAL / 5);
          // A random point of the processor's progress (not the sender's): mid-stream for the processor.
          await().atMost(Duration.ofMinutes(6)).until(() -> p.processed() >= at);
          processor.kill();
          System.out.printf("killed the processor (kill -9) after %d of %d records were sent, %d processed%n",
              traffic.sent(), TOTAL, p.processed());
          processor = p.startProcessor("a");
        }
        traffic.awaitAllSent(600);
      }
      Ledger ledger = Ledger.settle(p, plan, Duration.ofMinutes(6));
      ledger.assertNothingLostOrDuplicated();
      assertThat(processor.isAlive()).isTrue();
      assertThat(ledger.repliesOf(plan, FAQ).values()).as("FAQ questions answered from the FAQ")
          .isNotEmpty().allSatisfy(r -> assertThat(r.getSource()).isEqualTo(ReplySource.FAQ));
      assertThat(ledger.repliesOf(plan, LLM).values()).as("the model answered the rest")
          .isNotEmpty().allSatisfy(r -> assertThat(r.getSource()).isEqualTo(ReplySource.LLM));
      assertThat(Secrets.find(p)).as("places a secret leaked to").isEmpty();
    }
  }
}
