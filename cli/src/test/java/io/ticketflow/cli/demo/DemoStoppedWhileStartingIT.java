package io.ticketflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C while the demo starts: the shutdown hook closes the demo while {@link Demo#run()} is still
 * starting pieces. Here the demo is closed the moment its broker is up, before the registry starts.
 */
class DemoStoppedWhileStartingIT {

  @Test
  void aDemoClosedWhileItStartsStopsItsBrokerAndStartsNothingMore() throws Exception {
    int kafkaPort;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      kafkaPort = s.getLocalPort();
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Demo[] demo = new Demo[1];
    boolean[] closed = new boolean[1];
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8) {
      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (this) {
          super.write(b, off, len);
          if (!closed[0] && output.toString(StandardCharsets.UTF_8).contains("Kafka broker (KRaft) up")) {
            closed[0] = true;
            demo[0].close(); // as the shutdown hook does at Ctrl-C
          }
        }
      }
    };
    demo[0] = new Demo(new DemoOptions(true, null, null, null, kafkaPort, 0, 0, 0, 0, Map.of(), Duration.ofSeconds(60), out));
    try {
      assertThatThrownBy(() -> demo[0].run()).isInstanceOf(Demo.StartException.class)
          .hasMessageContaining("stopped while starting");
    } finally {
      demo[0].close();
    }
    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(printed).doesNotContain("Schema Registry up");
    // The broker stopped with the demo: its port can be bound again.
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", kafkaPort));
    }
  }
}
