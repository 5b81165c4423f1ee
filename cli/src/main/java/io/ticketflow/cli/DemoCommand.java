package io.ticketflow.cli;

import io.ticketflow.cli.demo.Demo;
import io.ticketflow.cli.demo.DemoOptions;
import io.ticketflow.cli.demo.TryCommands;
import io.ticketflow.connect.sink.SinkSettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ticketflow demo}: the whole pipeline in this JVM. Exit codes: 0 verified ({@code --once}),
 * 1 something missing after {@code --once}, 2 cannot start (busy port, dependency); after Ctrl-C or
 * SIGTERM the JVM reports the signal (130, 143) once the shutdown hook has stopped the demo cleanly.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    versionProvider = TicketflowCommand.Version.class, sortOptions = false,
    description = {"Runs the whole pipeline on this machine, with sample data.",
        "",
        "Starts a Kafka broker, Schema Registry, Kafka Connect with the JDBC sink,",
        "PostgreSQL, the processor and the web console in this JVM; loads a sample",
        "FAQ (e-commerce, banking, tech support; Chinese and English) and sends",
        "sample inquiries that exercise every route. Uses a real LLM when",
        "OPENAI_API_KEY (optionally OPENAI_BASE_URL, TICKETFLOW_LLM_MODEL) is set."},
    footer = {"", "Examples:", "  ticketflow demo", "  ticketflow demo --once",
        "  ticketflow demo --jdbc-url jdbc:postgresql://127.0.0.1:5432/postgres \\",
        "      --jdbc-user postgres",
        "  ticketflow demo --kafka-port 19092 --console-port 18080",
        "", "Exit codes: 0 verified (--once), 1 outcomes or rows missing (--once),",
        "2 cannot start; 130/143 after Ctrl-C/SIGTERM (stopped cleanly)."})
public final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--once", description = "Verify every sample's outcome on the topics and in the database, then exit.")
  boolean once;

  @Option(names = "--jdbc-url", paramLabel = "URL", description = "Use this PostgreSQL instead of an embedded one.")
  String jdbcUrl;

  @Option(names = "--jdbc-user", paramLabel = "USER", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE}).")
  String jdbcUser;

  @Option(names = "--jdbc-password", paramLabel = "PASSWORD", defaultValue = "${env:TICKETFLOW_JDBC_PASSWORD:-}",
      description = "Database password (default: the TICKETFLOW_JDBC_PASSWORD environment variable, which unlike"
          + " a flag does not show in the process list).")
  String jdbcPassword;

  @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092", description = "Broker port (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "8081", description = "Schema Registry port (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(names = "--connect-port", paramLabel = "PORT", defaultValue = "8083", description = "Kafka Connect REST port (default: ${DEFAULT-VALUE}).")
  int connectPort;

  @Option(names = "--console-port", paramLabel = "PORT", defaultValue = "8080", description = "Web console, metrics and health port (default: ${DEFAULT-VALUE}).")
  int consolePort;

  @Option(names = "--db-port", paramLabel = "PORT", defaultValue = "5433", description = "Embedded PostgreSQL port (default: ${DEFAULT-VALUE}).")
  int dbPort;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "90", description = "How long to wait for outcomes and rows (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--verbose", description = "Show stack traces of failures.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Duration timeout = TicketflowCommand.timeout(spec, timeoutSeconds);
    if (jdbcUrl != null && !SinkSettings.redactedJdbcUrl(jdbcUrl).equals(jdbcUrl)) {
      spec.commandLine().getErr().println("--jdbc-url " + SinkSettings.redactedJdbcUrl(jdbcUrl)
          + " carries a password, which the sinks' configuration would show and log: give it with"
          + " --jdbc-password or " + SinkSettings.PASSWORD_ENV + " instead");
      spec.commandLine().getErr().flush();
      return 2;
    }
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    DemoOptions opts = new DemoOptions(once, jdbcUrl, jdbcUser, jdbcPassword, kafkaPort, registryPort, connectPort,
        consolePort, dbPort, System.getenv(), timeout, out);
    return run(opts, spec.commandLine().getErr(), verbose);
  }

  /** The demo with these options; blocks until Ctrl-C unless {@code once}. */
  static int run(DemoOptions opts, java.io.PrintWriter err, boolean verbose) throws InterruptedException {
    Demo demo = new Demo(opts);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      opts.out().println("\nStopping…");
      demo.close();
      opts.out().println("Stopped.");
      stopped.countDown();
    }, "ticketflow-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Demo.Result result;
    try {
      result = demo.run();
    } catch (Demo.StartException e) {
      err.println("ticketflow demo: " + e.getMessage());
      if (verbose && e.getCause() != null) {
        e.getCause().printStackTrace(err);
      }
      err.flush();
      closeNow(demo, hook);
      return 2;
    }
    if (opts.once()) {
      closeNow(demo, hook);
      return result.ok() ? 0 : 1;
    }
    opts.out().printf("%nThe pipeline keeps running. Web console: %s  metrics: %smetrics  health: %shealth/ready%n%s%n",
        result.consoleUrl(), result.consoleUrl(), result.consoleUrl(), TryCommands.hint(opts, result.jdbcUrl()));
    stopped.await();
    return 0;
  }

  private static void closeNow(Demo demo, Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return; // the hook closes the demo
    }
    demo.close();
  }
}
