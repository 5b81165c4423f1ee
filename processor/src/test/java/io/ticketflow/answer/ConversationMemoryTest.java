package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class ConversationMemoryTest {
  private static final long HOUR = Duration.ofHours(1).toMillis();

  private final KeyValueStore<String, byte[]> store = store();
  private final ConversationMemory memory = new ConversationMemory(store, 6, Duration.ofHours(24));

  private static KeyValueStore<String, byte[]> store() {
    MockProcessorContext<String, String> context = new MockProcessorContext<>();
    KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("memory"),
        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  @Test
  void turnsAreKeptAndForgottenAfterTheTtl() {
    memory.add("c1", "Where is my order?", "It ships today.", 0);
    assertThat(memory.turns("c1", 23 * HOUR)).extracting(PromptBuilder.Turn::text)
        .containsExactly("Where is my order?", "It ships today.");
    assertThat(memory.turns("c1", 25 * HOUR)).isEmpty();
    assertThat(store.get("c1")).isNull();
  }

  @Test
  void expiryVisitsOneSliceOfTheStoreAtATimeAndDeletesOnlyIdleConversations() {
    int conversations = ConversationMemory.SWEEP_BATCH * 2 + 500;
    for (int i = 0; i < conversations; i++) {
      memory.add(String.format("c%05d", i), "hello", null, i % 2 == 0 ? 0 : 20 * HOUR);
    }
    long now = 30 * HOUR; // the even ones are 30 h idle, the odd ones 10 h

    int first = memory.expire(now);
    assertThat(first).as("one slice: at most a batch visited").isLessThanOrEqualTo(ConversationMemory.SWEEP_BATCH)
        .isPositive();
    int total = first;
    for (int call = 0; call < 3; call++) {
      total += memory.expire(now);
    }
    assertThat(total).isEqualTo((conversations + 1) / 2);
    assertThat(store.approximateNumEntries()).isEqualTo(conversations / 2);
    assertThat(store.get("c00001")).isNotNull();
    assertThat(store.get("c00000")).isNull();
  }
}
