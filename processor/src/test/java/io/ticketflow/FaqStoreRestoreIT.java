package io.ticketflow;

import static io.ticketflow.testing.Inquiries.faq;
import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.match.FaqLibrary;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.testing.Bm25Matcher;
import io.ticketflow.testing.ClusterIO;
import io.ticketflow.topology.Stages;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On the real broker: Streams rebuilds the in-memory FAQ store at start-up by passing the FAQ
 * topic's records through a processor of its own. Those records only fill the store, and the
 * serving processor loads the matcher from it in one bulk update: no entry is embedded on its own
 * first. Bad records are still dead-lettered, once even across a restart, and live updates still
 * reach the matcher one by one.
 */
@ExtendWith(EmbeddedStackExtension.class)
class FaqStoreRestoreIT {

  /** Records how the matcher was given its entries. */
  private static final class Recording extends Bm25Matcher {
    final AtomicInteger upserts = new AtomicInteger();
    final AtomicInteger removes = new AtomicInteger();
    final List<Integer> bulkLoads = new CopyOnWriteArrayList<>();

    Recording() {
      super(FaqLibrary.lexicalOnly());
    }

    @Override
    public void upsert(FaqEntry entry) {
      upserts.incrementAndGet();
      super.upsert(entry);
    }

    @Override
    public void upsertAll(Collection<FaqEntry> entries) {
      bulkLoads.add(entries.size());
      super.upsertAll(entries);
    }

    @Override
    public void remove(String tenantId, String faqId) {
      removes.incrementAndGet();
      super.remove(tenantId, faqId);
    }
  }

  @Test
  void theRestoreOnlyFillsTheStoreAndTheMatcherIsLoadedOnceInBulk(EmbeddedStack stack) throws Exception {
    ProcessorITSupport it = new ProcessorITSupport(stack, Map.of());
    Topics topics = it.topics;
    Recording matcher = new Recording();
    Stages stages = Stages.of(it.config, matcher, new SimpleMeterRegistry());
    try (ClusterIO io = new ClusterIO(stack.bootstrapServers(), 1 << 20)) {
      it.createTopics(io.admin());
      io.publish(topics, faq("hours", "When are you open on weekdays?", "9 to 5."));
      io.publish(topics, faq("refund", "How long does a refund take?", "7 days."));
      io.publish(topics, faq("gone", "Do you sell gift cards?", "Not any more."));
      io.send(topics.faq().name(), Topics.faqKey("acme", "gone"), null);
      io.send(topics.faq().name(), "acme/broken", new byte[] {0, 0, 0, 0x7f, 0x7f});
      io.flush();

      try (TicketflowProcessor processor = TicketflowProcessor.run(it.config, stages)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
        assertThat(matcher.bulkLoads).as("entries loaded at start-up, per bulk update").containsExactly(2);
        assertThat(matcher.upserts).as("entries upserted one by one during the restore").hasValue(0);
        assertThat(matcher.removes).hasValue(0);

        io.send(topics, inquiry("q-hours", "c1", "when are you open on weekdays"));
        io.flush();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> io.readAll(topics.replies().name(), topics.replies().valueSerde().deserializer()).size() == 1
                && io.readAll(topics.dlq().name(), topics.dlq().valueSerde().deserializer()).size() == 1);
        assertThat(io.readAll(topics.replies().name(), topics.replies().valueSerde().deserializer()))
            .extracting(r -> r.value().getFaqId()).containsExactly("hours");
        assertThat(io.readAll(topics.dlq().name(), topics.dlq().valueSerde().deserializer()))
            .extracting(r -> r.value().getReasonCode(), r -> r.value().getSourceTopic())
            .containsExactly(org.assertj.core.groups.Tuple.tuple(DeadLetterReason.DESERIALIZATION_FAILED,
                topics.faq().name()));

        io.publish(topics, faq("shipping", "Do you ship abroad?", "Yes, to 40 countries."));
        io.send(topics.faq().name(), Topics.faqKey("acme", "refund"), null);
        io.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> matcher.upserts.get() == 1 && matcher.removes.get() == 1);
        assertThat(matcher.bulkLoads).containsExactly(2);
      }

      // A restart rebuilds the FAQ store and rejects the broken record again: no second dead letter.
      Recording again = new Recording();
      try (TicketflowProcessor processor = TicketflowProcessor.run(it.config,
          Stages.of(it.config, again, new SimpleMeterRegistry()))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
        assertThat(again.bulkLoads).as("hours and shipping").containsExactly(2);
        io.send(topics.faq().name(), "acme/broken-later", new byte[] {0, 0, 0, 0x7f, 0x7e});
        io.flush();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> io.readAll(topics.dlq().name(), topics.dlq().valueSerde().deserializer()).size() >= 2);
        assertThat(io.readAll(topics.dlq().name(), topics.dlq().valueSerde().deserializer()))
            .as("the broken record once, then the one published after the restart")
            .extracting(r -> new String(r.value().getKey().array(), java.nio.charset.StandardCharsets.UTF_8))
            .containsExactlyInAnyOrder("acme/broken", "acme/broken-later"); // the DLQ has several partitions
      }
    }
  }
}
