package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.db.EmbeddedPostgresDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

  @Test
  void aBusyPortStopsTheDemoBeforeAnythingStartsAndNamesTheFlag() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      StringWriter err = new StringWriter();
      CommandLine cli = TicketflowCommand.commandLine();
      cli.setErr(new PrintWriter(err));
      int code = cli.execute("demo", "--once", "--kafka-port", "0", "--registry-port", "0", "--connect-port", "0",
          "--db-port", "0", "--console-port", Integer.toString(busy.getLocalPort()));
      assertThat(code).isEqualTo(2);
      assertThat(err.toString()).contains("port " + busy.getLocalPort() + " (web console) is in use; choose another with --console-port PORT")
          .doesNotContain("Exception");
    }
  }

  @Test
  void aPortOutsideTheRangeStopsTheDemoBeforeAnythingStartsAndNamesTheFlag() {
    StringWriter err = new StringWriter();
    CommandLine cli = TicketflowCommand.commandLine();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("demo", "--once", "--kafka-port", "70000", "--registry-port", "-1", "--connect-port", "0",
        "--db-port", "0", "--console-port", "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--kafka-port 70000 (Kafka broker) is not a port: choose one from 0 to 65535")
        .contains("--registry-port -1 (Schema Registry) is not a port")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aPortGivenToTwoServicesStopsTheDemoBeforeAnythingStartsAndNamesBothFlags() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      port = s.getLocalPort();
    }
    StringWriter err = new StringWriter();
    CommandLine cli = TicketflowCommand.commandLine();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("demo", "--once", "--timeout", "5", "--kafka-port", "0", "--connect-port", "0",
        "--console-port", "0", "--registry-port", Integer.toString(port), "--db-port", Integer.toString(port));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("port " + port + " is given to both the Schema Registry (--registry-port) and the embedded PostgreSQL (--db-port)")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aDatabasePortHeldByALeftoverEmbeddedPostgresSaysHowToStopIt() {
    // What a demo killed outright leaves behind: its embedded PostgreSQL, a process of its own.
    try (EmbeddedPostgresDatabase leftover = EmbeddedPostgresDatabase.start()) {
      StringWriter err = new StringWriter();
      CommandLine cli = TicketflowCommand.commandLine();
      cli.setErr(new PrintWriter(err));
      int code = cli.execute("demo", "--once", "--kafka-port", "0", "--registry-port", "0", "--connect-port", "0",
          "--console-port", "0", "--db-port", Integer.toString(leftover.port()));
      assertThat(code).isEqualTo(2);
      assertThat(err.toString())
          .contains("port " + leftover.port() + " (embedded PostgreSQL) is in use by an embedded PostgreSQL that an"
              + " earlier demo left running")
          .containsPattern("stop it with 'kill \\d+', or choose another with --db-port PORT")
          .doesNotContain("Exception");
    }
  }

  @Test
  void aJdbcUrlCarryingAPasswordStopsTheDemoWithoutRepeatingIt() {
    StringWriter err = new StringWriter();
    CommandLine cli = TicketflowCommand.commandLine();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("demo", "--once", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/t?password=s3cret");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--jdbc-url jdbc:postgresql://127.0.0.1:1/t?password=*** carries a password")
        .contains("--jdbc-password or TICKETFLOW_JDBC_PASSWORD").doesNotContain("s3cret");
  }

  @Test
  void anUnreachableDatabaseStopsTheDemoBeforeAnythingStarts() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      closed = s.getLocalPort();
    }
    StringWriter err = new StringWriter();
    CommandLine cli = TicketflowCommand.commandLine();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("demo", "--once", "--kafka-port", "0", "--registry-port", "0", "--connect-port", "0",
        "--console-port", "0", "--jdbc-url", "jdbc:postgresql://127.0.0.1:" + closed + "/test",
        "--jdbc-user", "nobody", "--jdbc-password", "s3cret");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("cannot connect to the database jdbc:postgresql://127.0.0.1:" + closed + "/test as nobody")
        .contains("--jdbc-password").doesNotContain("s3cret").doesNotContain("\tat ");
  }

  @Test
  void helpShowsExamplesAndExitCodes() {
    StringWriter out = new StringWriter();
    CommandLine cli = TicketflowCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("demo", "--help")).isZero();
    assertThat(out.toString()).contains("ticketflow demo --once").contains("Exit codes:").contains("--jdbc-url")
        // Ctrl-C ends the JVM with 128 + SIGINT, whatever call() returns: the help must not promise 0.
        .contains("0 verified (--once)").contains("130/143 after Ctrl-C/SIGTERM (stopped cleanly)")
        .doesNotContain("stopped with Ctrl-C");
  }
}
