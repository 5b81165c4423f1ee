package io.ticketflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A demo whose database side does not start (here: the embedded PostgreSQL is given the port the
 * registry already holds): the rest still runs, {@code --once} reports the database as missing, and
 * closing the demo stops everything else.
 */
class DemoDatabaseFailureIT {

  @Test
  void aDatabaseThatDoesNotStartIsReportedAndClosingStillStopsEverything() throws Exception {
    int port = freePort();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    DemoOptions opts = new DemoOptions(true, null, null, null, 0, port, 0, 0, port, Map.of(), Duration.ofSeconds(60),
        new PrintStream(output, true, StandardCharsets.UTF_8));
    Demo demo = new Demo(opts);
    Demo.Result result;
    String broker;
    try {
      result = demo.run();
      broker = demo.bootstrapServers();
    } finally {
      demo.close();
    }
    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(result.ok()).as(printed).isFalse();
    assertThat(result.missing()).as(printed)
        .anyMatch(m -> m.startsWith("database and sink connectors did not start: cannot start the embedded PostgreSQL"));
    assertThat(printed).doesNotContain("did not stop cleanly");
    // Stopped: the registry's and the broker's ports can be bound again.
    bind(port);
    bind(Integer.parseInt(broker.substring(broker.lastIndexOf(':') + 1)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static void bind(int port) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
    }
  }
}
