package io.ticketflow.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class RetentionSweeperTest {

  private static KeyValueStore<String, Long> store(int entries, long at) {
    KeyValueStore<String, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"),
        Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
    for (int i = 0; i < entries; i++) {
      store.put(String.format("k%05d", i), at);
    }
    return store;
  }

  @Test
  void visitsABatchAtATimeAndTellsWhatItDeleted() {
    KeyValueStore<String, Long> store = store(25, 0L);
    store.put("recent", 950L);
    List<String> deleted = new ArrayList<>();
    RetentionSweeper<Long> sweeper = new RetentionSweeper<>(store, v -> v, 100, 10, deleted::add);
    assertThat(sweeper.sweep(1_000)).isEqualTo(10);
    assertThat(sweeper.sweep(1_000)).isEqualTo(10);
    assertThat(sweeper.sweep(1_000)).isEqualTo(5);
    assertThat(deleted).hasSize(25).doesNotContain("recent");
    assertThat(store.get("recent")).isEqualTo(950L);
    assertThat(store.approximateNumEntries()).isEqualTo(1);
  }

  /** A fixed batch per interval falls behind once more entries arrive per interval than it visits. */
  @Test
  void keepsUpWithEntriesAddedFasterThanItsBatch() {
    KeyValueStore<String, Long> store = store(100, 0L);
    RetentionSweeper<Long> sweeper = new RetentionSweeper<>(store, v -> v, 100, 10);
    for (int i = 0; i < 100; i++) {
      sweeper.added();
    }
    assertThat(sweeper.sweep(1_000)).isEqualTo(100);
    assertThat(store.approximateNumEntries()).isZero();
  }
}
