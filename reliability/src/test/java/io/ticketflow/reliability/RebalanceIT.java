package io.ticketflow.reliability;

import static io.ticketflow.reliability.Traffic.Kind.DUPLICATE;
import static io.ticketflow.reliability.Traffic.Kind.FAQ;
import static io.ticketflow.reliability.Traffic.Kind.HUMAN;
import static io.ticketflow.reliability.Traffic.Kind.LLM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.reliability.Traffic.Planned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: a second processor instance joins mid-stream, then the first is stopped cleanly
 * (SIGTERM). Tasks move twice with model calls in flight: no duplicate and no lost output, and
 * each conversation's replies (and escalations) come out in the order its inquiries went in.
 */
class RebalanceIT {
  private static final int TOTAL = 6_000;

  @Test
  void scaleOutThenStopFirstInstanceKeepsOutputsExactAndOrdered() throws Exception {
    try (FaultPipeline p = FaultPipeline.start("rebalance", Map.of())) {
      p.llm.latency(Duration.ofMillis(300));
      Map<Traffic.Kind, Integer> mix = new LinkedHashMap<>();
      mix.put(FAQ, 45);
      mix.put(LLM, 35);
      mix.put(HUMAN, 10);
      mix.put(DUPLICATE, 10);
      // Few conversations, many inquiries each: order within a conversation is what is tested.
      List<Planned> plan = new Traffic.Plan(p.topics, 5, 120).mixed(TOTAL, mix).build();
      ProcessorProcess first = p.startProcessor("a");
      ProcessorProcess second;
      try (Traffic traffic = new Traffic(plan, p.topics, p.stack.bootstrapServers()).start(100)) {
        await().atMost(Duration.ofMinutes(3)).until(() -> p.processed() >= TOTAL / 6);
        second = p.startProcessor("b");
        System.out.printf("second instance running after %d of %d records were sent, %d processed%n",
            traffic.sent(), TOTAL, p.processed());
        await().atMost(Duration.ofMinutes(3)).until(() -> p.processed() >= TOTAL / 3);
        long stopping = System.nanoTime();
        int exit = first.stop();
        System.out.printf("first instance stopped (SIGTERM, exit %d, %.1f s) after %d of %d records were sent, %d processed%n",
            exit, (System.nanoTime() - stopping) / 1e9, traffic.sent(), TOTAL, p.processed());
        // 143: the JVM's code for SIGTERM; the shutdown hook closed Streams before it exited.
        assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
        // Whether Streams finished its close within the shutdown hook's 30 s: on a saturated machine
        // it may not, then the open transaction is aborted and the new owner redoes it; the account
        // below is what must hold either way.
        System.out.println("first instance closed Streams before exiting: "
            + java.nio.file.Files.readString(first.log()).contains("PENDING_SHUTDOWN -> NOT_RUNNING"));
        traffic.awaitAllSent(180);
      }
      Ledger ledger = Ledger.settle(p, plan, Duration.ofMinutes(3)).assertNothingLostOrDuplicated();
      assertThat(second.isAlive()).isTrue();

      Map<String, Integer> seqById = plan.stream().filter(x -> x.kind() != DUPLICATE && x.inquiryId() != null)
          .collect(Collectors.toMap(Planned::inquiryId, Planned::seq));
      List<String> disorder = new ArrayList<>();
      disorder.addAll(outOfOrder("replies", ledger.replyRecords, r -> r.value().getInquiryId(),
          r -> r.value().getConversationId(), seqById));
      disorder.addAll(outOfOrder("escalations", ledger.escalationRecords, r -> r.value().getInquiryId(),
          r -> r.value().getConversationId(), seqById));
      assertThat(disorder).as("outputs of a conversation out of its inquiries' order").isEmpty();
      assertThat(Secrets.find(p)).as("places a secret leaked to").isEmpty();
    }
  }

  /** Per conversation, in topic order (one partition per conversation), the inquiries' send order must rise. */
  static <V> List<String> outOfOrder(String topic, List<ConsumerRecord<String, V>> records,
      Function<ConsumerRecord<String, V>, String> inquiryId, Function<ConsumerRecord<String, V>, String> conversation,
      Map<String, Integer> seqById) {
    List<ConsumerRecord<String, V>> sorted = new ArrayList<>(records);
    sorted.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
        : Long.compare(a.offset(), b.offset()));
    Map<String, Integer> last = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (ConsumerRecord<String, V> r : sorted) {
      String conv = conversation.apply(r);
      int seq = seqById.get(inquiryId.apply(r));
      Integer before = last.put(conv, seq);
      if (before != null && before > seq) {
        problems.add(topic + ": " + conv + " got the output of #" + seq + " after #" + before);
      }
    }
    return problems;
  }
}
