package io.ticketflow.faq;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.route.Origin;
import io.ticketflow.route.WorkItem;
import io.ticketflow.schema.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class FaqDeadLetterProcessorTest {
  private static final String STORE = "faq-dead-lettered-under-test";

  private final FaqRejects rejects = new FaqRejects();

  private static FaqRejects.Reject reject(long offset) {
    Origin origin = new Origin("helpdesk.faq", 0, offset, ("acme/x" + offset).getBytes(StandardCharsets.UTF_8),
        new byte[] {9, 9}, 1_000L + offset);
    return new FaqRejects.Reject(origin, DeadLetterReason.DESERIALIZATION_FAILED, "bad bytes");
  }

  private static MockProcessorContext<String, WorkItem> context(int partition) {
    MockProcessorContext<String, WorkItem> context = new MockProcessorContext<>(
        new java.util.Properties(), new TaskId(0, partition), null);
    KeyValueStore<String, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
        Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return context;
  }

  private static List<Long> drain(MockProcessorContext<String, WorkItem> context) {
    return drain(context, 5_000L);
  }

  private static List<Long> drain(MockProcessorContext<String, WorkItem> context, long now) {
    context.resetForwards();
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    return context.forwarded().stream().map(CapturedForward::record).map(r -> r.value().origin().offset()).toList();
  }

  @Test
  void aRecordRejectedAgainIsDeadLetteredOnceAndNewOnesStillAre() {
    MockProcessorContext<String, WorkItem> context = context(0);
    new FaqDeadLetterProcessor(rejects, STORE).init(context);
    rejects.add(reject(5));
    rejects.add(reject(6));

    assertThat(drain(context)).containsExactly(5L, 6L);
    assertThat(context.forwarded().get(0).record().key()).isEqualTo("acme/x5");
    assertThat(context.forwarded().get(0).record().timestamp()).isEqualTo(1_005L);

    // The FAQ store rebuilt at a restart, or another instance's global thread: the same positions again.
    rejects.add(reject(5));
    rejects.add(reject(7));
    rejects.add(reject(6));
    assertThat(drain(context)).containsExactly(7L);
    assertThat(drain(context)).isEmpty();
  }

  @Test
  void onlyTheTaskOfPartitionZeroDrains() {
    MockProcessorContext<String, WorkItem> context = context(1);
    new FaqDeadLetterProcessor(rejects, STORE).init(context);
    rejects.add(reject(5));

    assertThat(context.scheduledPunctuators()).isEmpty();
    assertThat(rejects.waiting()).hasSize(1);
  }

  @Test
  void aDeadLetterOfAnAbortedTransactionIsForwardedAgainAndACommittedOneLeavesTheQueue() {
    MockProcessorContext<String, WorkItem> context = context(0);
    new FaqDeadLetterProcessor(rejects, STORE).init(context);
    rejects.add(reject(5));
    assertThat(drain(context, 5_000L)).containsExactly(5L);

    // The transaction with the dead letter and the store write is aborted: the store is rolled back.
    KeyValueStore<String, Long> store = context.getStateStore(STORE);
    store.delete(reject(5).origin().id());
    assertThat(drain(context, 5_200L)).as("forwarded again").containsExactly(5L);

    assertThat(drain(context, 5_400L)).isEmpty();
    assertThat(rejects.waiting()).as("not known to be committed yet").hasSize(1);
    assertThat(drain(context, 5_200L + FaqDeadLetterProcessor.COMMITTED_AFTER.toMillis())).isEmpty();
    assertThat(rejects.waiting()).as("committed: no longer waiting").isEmpty();
  }
}
