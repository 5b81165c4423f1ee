package io.ticketflow.faq;

import static io.ticketflow.testing.Inquiries.TENANT;
import static io.ticketflow.testing.Inquiries.faq;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.decode.Decoder;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.testing.RefusingMatcher;
import io.ticketflow.testing.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the processor's matcher holds after a (re)start: the valid entries of the FAQ store. */
class FaqStoreLoadTest {

  private static final String STORE = "faq-store-under-test";

  private final TopologyFixture f = new TopologyFixture();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
  private KeyValueStore<String, byte[]> store;
  private final FaqRejects rejects = new FaqRejects();
  private final FaqRestore restore = new FaqRestore(STORE);

  @BeforeEach
  void fillStore() {
    store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    for (FaqEntry e : List.of(faq("refund", "how do refunds work", "7 days"),
        faq("refuse", "which entry does the matcher refuse", "this one"),
        faq("invoice", "how do I get an invoice", "In the app."))) {
      store.put(Topics.faqKey(e.getTenantId(), e.getId()), f.topics.faq().valueSerde().serializer()
          .serialize(f.topics.faq().name(), e));
    }
    // Kept by an earlier version of the processor, which stored invalid records too.
    store.put(Topics.faqKey(TENANT, "garbage"), "not avro".getBytes(StandardCharsets.UTF_8));
    FaqEntry noAnswer = faq("no-answer", "an entry without an answer", "x");
    noAnswer.setAnswer(" ");
    store.put(Topics.faqKey(TENANT, "no-answer"), f.topics.faq().valueSerde().serializer().serialize(f.topics.faq().name(), noAnswer));
  }

  @AfterEach
  void close() {
    f.close();
  }

  private FaqStoreProcessor processor(FaqMatcher matcher) {
    return processor(matcher, Duration.ZERO);
  }

  private FaqStoreProcessor processor(FaqMatcher matcher, Duration warmUp) {
    return new FaqStoreProcessor(STORE, new Decoder<>(f.topics.faq().valueSerde().deserializer()), matcher,
        new PipelineMetrics(meters), rejects, warmUp, restore);
  }

  private double failed() {
    var c = meters.find("ticketflow.faq.updates").tag("operation", "failed").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void startUpLoadsTheStoresValidEntriesInOneBulkUpdate() {
    RefusingMatcher matcher = RefusingMatcher.refusing();

    processor(matcher).init(context);

    assertThat(matcher.bulkLoads).containsExactly(List.of("invoice", "refund", "refuse"));
    assertThat(matcher.singleUpserts).isEmpty();
    assertThat(matcher.match(TENANT, "how do refunds work", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("refund"));
  }

  @Test
  void anEntryTheMatcherRefusesFailsTheBulkLoadAndOnlyItselfIsLeftOut() {
    RefusingMatcher matcher = RefusingMatcher.refusing("refuse");

    processor(matcher).init(context);

    assertThat(matcher.bulkLoads).hasSize(1);
    assertThat(matcher.singleUpserts).containsExactly("invoice", "refund", "refuse");
    assertThat(failed()).isEqualTo(1.0);
    assertThat(matcher.match(TENANT, "how do I get an invoice", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("invoice"));
    assertThat(matcher.match(TENANT, "which entry does the matcher refuse", null).best()).isEmpty();
    assertThat(rejects.waiting()).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(DeadLetterReason.PROCESSING_FAILED);
      assertThat(new String(r.origin().key(), StandardCharsets.UTF_8)).isEqualTo(Topics.faqKey(TENANT, "refuse"));
      assertThat(r.origin().value()).isEqualTo(store.get(Topics.faqKey(TENANT, "refuse")));
    });
  }

  /**
   * At start-up Streams restores the store through a processor of its own: those records only fill
   * the store, and an entry the serving processor's matcher then refuses is dead-lettered with the
   * position the restore found it at, the key of its dead letter when it first arrived.
   */
  @Test
  void restoredRecordsOnlyFillTheStoreAndARefusedOneIsDeadLetteredAtItsTopicPosition() {
    try (var all = store.all()) {
      all.forEachRemaining(kv -> store.delete(kv.key));
    }
    RefusingMatcher restoring = RefusingMatcher.refusing();
    FaqStoreProcessor restorer = processor(restoring);
    restorer.init(context);
    TopicPartition faqPartition = new TopicPartition(f.topics.faq().name(), 2);
    restore.onRestoreStart(faqPartition, STORE, 0, 3);
    long offset = 40;
    for (FaqEntry e : List.of(faq("refund", "how do refunds work", "7 days"),
        faq("refuse", "which entry does the matcher refuse", "this one"))) {
      String key = Topics.faqKey(e.getTenantId(), e.getId());
      context.setRecordMetadata(faqPartition.topic(), faqPartition.partition(), offset++);
      restorer.process(new Record<>(key, f.topics.faq().valueSerde().serializer().serialize(faqPartition.topic(), e), 7L));
    }
    context.setRecordMetadata(faqPartition.topic(), faqPartition.partition(), offset);
    restorer.process(new Record<>(Topics.faqKey(TENANT, "refund"), null, 8L));
    restore.onRestoreEnd(faqPartition, STORE, 3);
    assertThat(restoring.singleUpserts).as("upserts during the restore").isEmpty();
    assertThat(store.get(Topics.faqKey(TENANT, "refund"))).isNull();

    RefusingMatcher serving = RefusingMatcher.refusing("refuse");
    processor(serving).init(context);

    assertThat(serving.singleUpserts).containsExactly("refuse");
    assertThat(rejects.waiting()).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(DeadLetterReason.PROCESSING_FAILED);
      assertThat(r.origin().topic()).isEqualTo(faqPartition.topic());
      assertThat(r.origin().partition()).isEqualTo(2);
      assertThat(r.origin().offset()).isEqualTo(41);
      assertThat(r.origin().timestamp()).isEqualTo(7L);
    });
  }

  @Test
  void theMatcherWarmsUpOnceTheStoreIsLoaded() {
    RefusingMatcher matcher = RefusingMatcher.refusing();

    processor(matcher, Duration.ofSeconds(7)).init(context);

    assertThat(matcher.warmUps).containsExactly("PT7S after 1 bulk loads and 0 upserts");
  }

  @Test
  void noWarmUpWhenItIsOffOrTheStoreIsEmpty() {
    RefusingMatcher off = RefusingMatcher.refusing();
    processor(off, Duration.ZERO).init(context);
    assertThat(off.warmUps).isEmpty();

    try (var all = store.all()) {
      all.forEachRemaining(kv -> store.delete(kv.key));
    }
    RefusingMatcher empty = RefusingMatcher.refusing();
    processor(empty, Duration.ofSeconds(7)).init(context);
    assertThat(empty.warmUps).isEmpty();
  }

  @Test
  void aFailedWarmUpLeavesTheLoadedMatcherServing() {
    RefusingMatcher matcher = RefusingMatcher.refusing().failingWarmUp(new IllegalStateException("no JIT today"));

    processor(matcher, Duration.ofSeconds(7)).init(context);

    assertThat(matcher.warmUps).hasSize(1);
    assertThat(matcher.match(TENANT, "how do refunds work", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("refund"));
  }
}
