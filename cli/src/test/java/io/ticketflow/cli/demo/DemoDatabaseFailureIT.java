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
 * A demo whose database side does not start (here: another program takes the embedded PostgreSQL's
 * port after the demo checked it): the rest still runs, {@code --once} reports the database as missing, and
 * closing the demo stops everything else.
 */
class DemoDatabaseFailureIT {

  @Test
  void aDatabaseThatDoesNotStartIsReportedAndClosingStillStopsEverything() throws Exception {
    int port = freePort();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    ServerSocket[] taken = new ServerSocket[1];
    // Another program takes the database's port after the demo checked it, once the registry is up
    // (the demo prints that before it starts the database side).
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8) {
      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (this) {
          super.write(b, off, len);
          if (taken[0] == null && output.toString(StandardCharsets.UTF_8).contains("Schema Registry up")) {
            taken[0] = listenOn(port);
          }
        }
      }
    };
    DemoOptions opts = new DemoOptions(true, null, null, null, 0, 0, 0, 0, port, Map.of(), Duration.ofSeconds(60), out);
    Demo demo = new Demo(opts);
    Demo.Result result;
    String registry;
    String broker;
    try {
      result = demo.run();
      registry = demo.schemaRegistryUrl();
      broker = demo.bootstrapServers();
    } finally {
      demo.close();
      if (taken[0] != null) {
        taken[0].close();
      }
    }
    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(result.ok()).as(printed).isFalse();
    assertThat(result.missing()).as(printed)
        .anyMatch(m -> m.startsWith("database and sink connectors did not start: cannot start the embedded PostgreSQL"));
    assertThat(printed).doesNotContain("did not stop cleanly");
    // Stopped: the registry's and the broker's ports can be bound again.
    bind(Integer.parseInt(registry.substring(registry.lastIndexOf(':') + 1)));
    bind(Integer.parseInt(broker.substring(broker.lastIndexOf(':') + 1)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private static ServerSocket listenOn(int port) {
    try {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return s;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void bind(int port) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
    }
  }
}
