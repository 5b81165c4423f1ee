package io.ticketflow.cli.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * What the running demo suggests trying next. {@code ask} and {@code report} default to the demo's
 * standard ports and database, so for a demo moved elsewhere ({@code --kafka-port},
 * {@code --registry-port}, {@code --db-port}, {@code --jdbc-url}) the suggestion carries the flags
 * that reach it. Never a password: the database's, if any, is left to
 * {@code TICKETFLOW_JDBC_PASSWORD}.
 */
public final class TryCommands {
  private static final String DEFAULT_JDBC_USER = "postgres";

  private TryCommands() {}

  /**
   * The hint for a demo started with {@code opts} whose database is at {@code jdbcUrl} (null when
   * it never started: then there is no {@code report} to suggest).
   */
  public static String hint(DemoOptions opts, String jdbcUrl) {
    List<String> commands = new ArrayList<>();
    StringBuilder ask = new StringBuilder("./ticketflow ask \"怎么开发票\" --tenant shop");
    if (opts.kafkaPort() != DemoOptions.KAFKA_PORT) {
      ask.append(" --bootstrap-servers 127.0.0.1:").append(opts.kafkaPort());
    }
    if (opts.registryPort() != DemoOptions.REGISTRY_PORT) {
      ask.append(" --schema-registry-url http://127.0.0.1:").append(opts.registryPort());
    }
    commands.add(ask.toString());
    String user = opts.jdbcUser() == null || opts.jdbcUser().isBlank() ? DEFAULT_JDBC_USER : opts.jdbcUser();
    boolean password = opts.jdbcPassword() != null && !opts.jdbcPassword().isEmpty();
    if (jdbcUrl != null && (!jdbcUrl.equals(DemoOptions.DEMO_JDBC_URL) || !user.equals(DEFAULT_JDBC_USER) || password)) {
      commands.add("./ticketflow report --jdbc-url " + jdbcUrl
          + (user.equals(DEFAULT_JDBC_USER) ? "" : " --jdbc-user " + user)
          + (password ? "  (with TICKETFLOW_JDBC_PASSWORD set)" : ""));
    }
    String nl = System.lineSeparator();
    return commands.size() == 1 ? "Try: " + commands.get(0) + "    Ctrl-C to stop."
        : "Try: " + String.join(nl + "     ", commands) + nl + "Ctrl-C to stop.";
  }
}
