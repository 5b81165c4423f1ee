package io.ticketflow.cli.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * What {@code demo} is started with. Ports 0 pick free ones (tests); the command's defaults are
 * the ports Kafka users expect.
 *
 * @param jdbcUrl an existing PostgreSQL, or null for an embedded one on {@code dbPort}
 * @param env the environment (OPENAI_API_KEY and friends)
 * @param timeout how long to wait for the outcomes on the topics, then again for the rows
 */
public record DemoOptions(boolean once, String jdbcUrl, String jdbcUser, String jdbcPassword,
    int kafkaPort, int registryPort, int connectPort, int consolePort, int dbPort,
    Map<String, String> env, Duration timeout, PrintStream out) {

  public static final int KAFKA_PORT = 9092;
  public static final int REGISTRY_PORT = 8081;
  public static final int CONNECT_PORT = 8083;
  public static final int CONSOLE_PORT = 8080;
  public static final int DB_PORT = 5433;
  /** Where {@code report} and {@code ask} look by default: the demo's embedded database. */
  public static final String DEMO_JDBC_URL = "jdbc:postgresql://127.0.0.1:" + DB_PORT + "/postgres";

  public boolean embeddedDatabase() {
    return jdbcUrl == null || jdbcUrl.isBlank();
  }

  /** Never the database password or the environment (which holds OPENAI_API_KEY). */
  @Override
  public String toString() {
    return "DemoOptions[once=" + once + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", jdbcPassword="
        + (jdbcPassword == null || jdbcPassword.isEmpty() ? "(none)" : "[hidden]") + ", ports=" + kafkaPort + "/"
        + registryPort + "/" + connectPort + "/" + consolePort + "/" + dbPort + ", timeout=" + timeout + "]";
  }
}
