package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AskCommandTest {

  private final CliRunner cli = new CliRunner();

  /** A local port nothing listens on: bound once to get a free one, then closed. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aBlankTextOrTenantIsAUsageErrorNotADeadLetter() throws IOException {
    int port = closedPort();
    for (List<String> args : List.of(List.of("ask", " "), List.of("ask", "where is my parcel", "--tenant", ""))) {
      CliRunner run = new CliRunner();
      List<String> withBroker = new ArrayList<>(args);
      withBroker.addAll(List.of("--timeout", "2", "--bootstrap-servers", "127.0.0.1:" + port));

      assertThat(run.run(withBroker.toArray(String[]::new))).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err()).contains("is blank: give what the customer writes and their tenant")
          .doesNotContain("unreachable");
    }
  }

  @Test
  void anUnreachableBrokerIsNamedWithinTheTimeout() throws IOException {
    int port = closedPort();
    long started = System.nanoTime();

    int code = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cli.run("ask", "where is my parcel",
        "--timeout", "2", "--bootstrap-servers", "127.0.0.1:" + port, "--schema-registry-url", "http://127.0.0.1:" + port));

    // A Kafka client alone waits 15 s for each topic's metadata before it gives up.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(code).isEqualTo(1);
    assertThat(cli.err()).contains("ticketflow ask: Kafka is unreachable at bootstrap.servers=127.0.0.1:" + port
        + " (no answer within 2 s)").doesNotContain("Timeout expired while fetching topic metadata");
  }

  /** Settings Kafka's client refuses are no unreachable broker. */
  @Test
  void kafkaSettingsTheClientRefusesAreNamedAsSuch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws IOException {
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("t.properties"),
        "bootstrap.servers=127.0.0.1:1\nschema.registry.url=http://127.0.0.1:1\n"
            + "kafka.security.protocol=SASL_PLAINTEXT\nkafka.sasl.mechanism=PLAIN\n"
            + "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required\n");

    assertThat(cli.run("ask", "where is my parcel", "--timeout", "2", "-c", file.toString())).isEqualTo(1);
    assertThat(cli.err()).contains("ticketflow ask: cannot create a Kafka client for bootstrap.servers=127.0.0.1:1:"
        + " JAAS config entry not terminated by semi-colon").doesNotContain("unreachable");
  }
}
