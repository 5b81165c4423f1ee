package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.db.EmbeddedPostgresDatabase;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
  void aDatabasePortHeldByTheEmbeddedPostgresOfAKilledDemoSaysHowToStopIt() throws Exception {
    // What a demo killed outright leaves behind: its embedded PostgreSQL, a process of its own.
    Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), LeftoverPostgresMain.class.getName())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    int port;
    try (BufferedReader lines = demo.inputReader()) {
      port = Integer.parseInt(lines.lines().filter(l -> l.startsWith("PORT=")).findFirst().orElseThrow().substring(5));
    } finally {
      demo.destroyForcibly().waitFor();
    }
    try {
      StringWriter err = new StringWriter();
      CommandLine cli = TicketflowCommand.commandLine();
      cli.setErr(new PrintWriter(err));
      int code = cli.execute("demo", "--once", "--kafka-port", "0", "--registry-port", "0", "--connect-port", "0",
          "--console-port", "0", "--db-port", Integer.toString(port));
      assertThat(code).isEqualTo(2);
      assertThat(err.toString())
          .contains("port " + port + " (embedded PostgreSQL) is in use by an embedded PostgreSQL that an"
              + " earlier demo left running")
          .contains("stop it with 'kill " + postmasterPid(port) + "', or choose another with --db-port PORT")
          .doesNotContain("Exception");
    } finally {
      Path dataDir = dataDirectory(port);
      ProcessHandle.of(postmasterPid(port)).ifPresent(p -> {
        p.destroy();
        p.onExit().join();
      });
      try (var paths = Files.walk(dataDir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aDatabasePortHeldByARunningDemoDoesNotSayToKillIt() {
    try (EmbeddedPostgresDatabase running = EmbeddedPostgresDatabase.start()) {
      StringWriter err = new StringWriter();
      CommandLine cli = TicketflowCommand.commandLine();
      cli.setErr(new PrintWriter(err));
      int code = cli.execute("demo", "--once", "--kafka-port", "0", "--registry-port", "0", "--connect-port", "0",
          "--console-port", "0", "--db-port", Integer.toString(running.port()));
      assertThat(code).isEqualTo(2);
      assertThat(err.toString())
          .contains("port " + running.port() + " (embedded PostgreSQL) is in use by the embedded PostgreSQL of a demo"
              + " that is running")
          .contains("stop that demo, or choose another with --db-port PORT")
          .doesNotContain("kill").doesNotContain("Exception");
    }
  }

  private static long postmasterPid(int port) throws Exception {
    return Long.parseLong(Files.readAllLines(dataDirectory(port).resolve("postmaster.pid")).get(0).strip());
  }

  private static Path dataDirectory(int port) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
        Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW data_directory")) {
      r.next();
      return Path.of(r.getString(1));
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
