package io.ticketflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TryCommandsTest {

  private static DemoOptions options(String jdbcUrl, String user, String password, int kafkaPort, int registryPort,
      int dbPort) {
    return new DemoOptions(false, jdbcUrl, user, password, kafkaPort, registryPort, DemoOptions.CONNECT_PORT,
        DemoOptions.CONSOLE_PORT, dbPort, Map.of(), Duration.ofSeconds(90), System.out);
  }

  @Test
  void aDemoOnTheDefaultPortsSuggestsThePlainAsk() {
    DemoOptions defaults = options(null, "postgres", "", DemoOptions.KAFKA_PORT, DemoOptions.REGISTRY_PORT,
        DemoOptions.DB_PORT);

    assertThat(TryCommands.hint(defaults, DemoOptions.DEMO_JDBC_URL))
        .isEqualTo("Try: ./ticketflow ask \"怎么开发票\" --tenant shop    Ctrl-C to stop.");
  }

  @Test
  void movedPortsAreInTheSuggestedCommands() {
    DemoOptions moved = options(null, "postgres", "", 19092, 18081, 15433);

    String hint = TryCommands.hint(moved, "jdbc:postgresql://127.0.0.1:15433/postgres");

    assertThat(hint).contains("./ticketflow ask \"怎么开发票\" --tenant shop --bootstrap-servers 127.0.0.1:19092"
            + " --schema-registry-url http://127.0.0.1:18081")
        .contains("./ticketflow report --jdbc-url jdbc:postgresql://127.0.0.1:15433/postgres")
        .doesNotContain("--jdbc-user")
        .endsWith("Ctrl-C to stop.");
  }

  @Test
  void onlyTheMovedServiceGetsAFlag() {
    DemoOptions kafkaMoved = options(null, "postgres", "", 19092, DemoOptions.REGISTRY_PORT, DemoOptions.DB_PORT);

    assertThat(TryCommands.hint(kafkaMoved, DemoOptions.DEMO_JDBC_URL))
        .contains("--bootstrap-servers 127.0.0.1:19092")
        .doesNotContain("--schema-registry-url")
        .doesNotContain("report");
  }

  @Test
  void anExternalDatabaseIsSuggestedWithItsUserButNeverItsPassword() {
    DemoOptions external = options("jdbc:postgresql://db.internal:5432/helpdesk", "helpdesk", "s3cret",
        DemoOptions.KAFKA_PORT, DemoOptions.REGISTRY_PORT, DemoOptions.DB_PORT);

    String hint = TryCommands.hint(external, external.jdbcUrl());

    assertThat(hint).contains("./ticketflow ask \"怎么开发票\" --tenant shop" + System.lineSeparator())
        .contains("./ticketflow report --jdbc-url jdbc:postgresql://db.internal:5432/helpdesk --jdbc-user helpdesk")
        .contains("TICKETFLOW_JDBC_PASSWORD")
        .doesNotContain("s3cret");
  }
}
