package io.ticketflow.devstack.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.Test;

class EmbeddedConnectHooksTest {

  /**
   * While a worker starts, every hook added through Kafka's Exit, from any thread, goes through
   * EmbeddedConnect's adder: one without a name must be added as Kafka's own adder adds it, not fail
   * with new Thread(hook, null)'s NullPointerException.
   */
  @Test
  void aHookWithoutANameIsAddedAsKafkaAddsIt() {
    AtomicBoolean added = new AtomicBoolean();
    String result = EmbeddedConnect.startWithoutJvmHooks(() -> {
      Exit.addShutdownHook(null, () -> { });
      added.set(true);
      return "started";
    });
    assertThat(result).isEqualTo("started");
    assertThat(added).isTrue();
  }
}
