package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.route.Origin;
import io.ticketflow.route.WorkItem;
import io.ticketflow.testing.Inquiries;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams closes a processor and initializes the same instance again when it revives a task
 * after an aborted transaction (its stores rolled back to the last commit) or resumes a suspended
 * one. The answer stage must then start from its stores alone: calls issued before are ignored
 * when they end, and nothing is counted, queued or answered twice.
 */
class LlmAnswerProcessorReinitTest {
  private static final String ANSWER = "{\"answer\":\"Refunds take 7 days.\",\"confidence\":0.9,"
      + "\"citedFaqIds\":[\"refund-policy\"],\"needsHuman\":false,\"language\":\"en\"}";

  private final List<CompletableFuture<LlmCompletion>> calls = new CopyOnWriteArrayList<>();
  private final MockProcessorContext<String, WorkItem> context = new MockProcessorContext<>();
  private KeyValueStore<String, byte[]> queueStore;
  private LlmAnswerProcessor processor;

  @BeforeEach
  void setUp() {
    LlmSettings settings = LlmSettings.from(new TicketflowConfig(Map.of(TicketflowConfig.BOOTSTRAP_SERVERS, "x:9092",
        TicketflowConfig.SCHEMA_REGISTRY_URL, "mock://reinit")), Map.of(LlmSettings.ENV_API_KEY, "sk-test"));
    AnswerClient client = prompt -> {
      CompletableFuture<LlmCompletion> call = new CompletableFuture<>();
      calls.add(call);
      return call;
    };
    LlmAnswering answering = new LlmAnswering(client, new PromptTemplates(null), settings,
        new LlmBudget(0, 0, Clock.systemUTC()), new SimpleMeterRegistry());
    processor = new LlmAnswerProcessor(answering, new CallSlots(8, Runnable::run), "queue", "memory", "spend",
        2_000, 6, Duration.ofDays(1));
    context.setCurrentSystemTimeMs(System.currentTimeMillis());
    queueStore = store("queue", Serdes.ByteArray());
    store("memory", Serdes.ByteArray());
    store("spend", Serdes.String());
  }

  private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
    KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
        .withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }

  private static WorkItem refundQuestion() {
    return WorkItem.decoded(new Origin("inquiries", 0, 1, null, null, 1L),
        Inquiries.inquiry("q1", "c1", "Can I get my money back?"));
  }

  private void punctuate() {
    MockProcessorContext.CapturedPunctuator poll = context.scheduledPunctuators().stream()
        .filter(p -> p.getInterval().equals(Duration.ofMillis(20))).reduce((first, last) -> last).orElseThrow();
    poll.getPunctuator().punctuate(System.currentTimeMillis());
  }

  @Test
  void aResumedProcessorIgnoresTheCallItIssuedBeforeAndAnswersOnce() {
    processor.init(context);
    processor.process(new Record<>("c1", refundQuestion(), 1L));
    assertThat(calls).hasSize(1);

    processor.close();
    processor.init(context);
    assertThat(calls).as("the stored queue's head is issued again").hasSize(2);

    calls.get(0).complete(new LlmCompletion(ANSWER, "m", 10, 5, 15, 1));
    // Before the fix this took the re-issued call out and waited for it, blocking the stream thread.
    assertTimeoutPreemptively(Duration.ofSeconds(5), this::punctuate);
    assertThat(context.forwarded()).as("the call from before the re-init answers nothing").isEmpty();

    calls.get(1).complete(new LlmCompletion(ANSWER, "m", 10, 5, 15, 1));
    punctuate();
    punctuate();
    assertThat(context.forwarded()).hasSize(1);
    assertThat(context.forwarded().get(0).record().value().inquiryId()).isEqualTo("q1");
    assertThat(queueStore.get("c1")).as("the conversation's queue is done").isNull();
  }

  @Test
  void aRevivedProcessorWhoseStoreWasRolledBackQueuesTheRedeliveredInquiryOnce() {
    processor.init(context);
    processor.process(new Record<>("c1", refundQuestion(), 1L));
    processor.close();
    queueStore.delete("c1"); // the transaction that queued it was aborted: the store is rolled back
    processor.init(context);

    processor.process(new Record<>("c1", refundQuestion(), 1L)); // the uncommitted input again
    assertThat(WorkItemCodec.queue(queueStore.get("c1")).items()).as("queued once, not behind a ghost").hasSize(1);

    calls.forEach(call -> call.complete(new LlmCompletion(ANSWER, "m", 10, 5, 15, 1)));
    punctuate();
    punctuate();
    assertThat(context.forwarded()).as("answered once").hasSize(1);
    assertThat(queueStore.get("c1")).isNull();
  }
}
