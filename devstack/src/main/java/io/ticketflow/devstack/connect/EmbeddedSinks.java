package io.ticketflow.devstack.connect;

import io.ticketflow.connect.sink.SinkConnector;
import io.ticketflow.connect.sink.SinkConnectorConfigs;
import io.ticketflow.connect.sink.SinkSettings;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.db.Database;
import io.ticketflow.devstack.db.Databases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database side of the stack: a Connect worker against the stack's broker with one JDBC sink
 * per output table (replies, escalations, audit, feedback, dead letters) writing into {@code
 * database}. The demo passes the given or an embedded database; tests a scratch database.
 *
 * <p>The connectors' configurations carry a reference to the password, not the password: the
 * worker reads it from a {@link SecretDirectory} that {@link #close()} deletes.
 */
public final class EmbeddedSinks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSinks.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String FAILED = "FAILED";
  /** {@code io.ticketflow.connect.sink.DeadLetteringJdbcSinkTask$Unavailable: } at a trace's start. */
  private static final Pattern EXCEPTION_CLASS = Pattern.compile("^(?:[\\w$]+\\.)+[\\w$]+: ");

  private final Database database;
  private final boolean ownsDatabase;
  private final SecretDirectory secrets;
  private final EmbeddedConnect connect;
  private final List<SinkConnector> connectors;

  private EmbeddedSinks(Database database, boolean ownsDatabase, SecretDirectory secrets,
      EmbeddedConnect connect, List<SinkConnector> connectors) {
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.secrets = secrets;
    this.connect = connect;
    this.connectors = connectors;
  }

  /**
   * What {@code demo} starts: every sink with default settings, into the database at {@code
   * jdbcUrl} when given, else into an embedded PostgreSQL that {@link #close()} stops.
   */
  public static EmbeddedSinks start(EmbeddedStack stack, String jdbcUrl, String user, String password) {
    return start(stack, jdbcUrl, user, password, UnaryOperator.identity());
  }

  /** As {@link #start(EmbeddedStack, String, String, String)}, with adjusted settings. */
  public static EmbeddedSinks start(EmbeddedStack stack, String jdbcUrl, String user, String password,
      UnaryOperator<SinkSettings> customize) {
    Database database = Databases.givenOrEmbedded(jdbcUrl, user, password);
    try {
      return start(stack, database, true, customize);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Starts a worker, deploys every sink and waits until all run.
   *
   * @param customize adjusts the settings (topic prefix, batch size, ...) before deployment
   * @param ownsDatabase whether {@link #close()} also closes {@code database}
   */
  public static EmbeddedSinks start(EmbeddedStack stack, Database database, boolean ownsDatabase,
      UnaryOperator<SinkSettings> customize) {
    return start(stack, database, ownsDatabase, customize, Map.of());
  }

  /**
   * As {@link #start(EmbeddedStack, Database, boolean, UnaryOperator)}, with worker settings on
   * top of the defaults (e.g. {@code listeners=http://127.0.0.1:8083} for a fixed REST port).
   */
  public static EmbeddedSinks start(EmbeddedStack stack, Database database, boolean ownsDatabase,
      UnaryOperator<SinkSettings> customize, Map<String, String> workerOverrides) {
    SecretDirectory secrets = SecretDirectory.holding(database.password());
    EmbeddedConnect connect = null;
    try {
      SinkSettings settings = customize.apply(SinkSettings.embedded(database.jdbcUrl(),
          database.user(), secrets.passwordReference(), stack.schemaRegistryUrl()));
      List<SinkConnector> connectors = SinkConnectorConfigs.all(settings);
      Map<String, String> worker = new HashMap<>(secrets.workerProperties());
      worker.putAll(workerOverrides);
      connect = EmbeddedConnect.start(stack.bootstrapServers(), worker);
      for (SinkConnector connector : connectors) {
        connect.deploy(connector);
      }
      awaitRunning(connect, connectors);
      LOG.info("{} sink connectors running into {}", connectors.size(), database.jdbcUrl());
      return new EmbeddedSinks(database, ownsDatabase, secrets, connect, connectors);
    } catch (RuntimeException e) {
      if (connect != null) {
        connect.close();
      }
      secrets.close();
      throw e;
    }
  }

  static void awaitRunning(EmbeddedConnect connect, List<SinkConnector> connectors) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (SinkConnector connector : connectors) {
      while (!connect.isRunning(connector.name())) {
        ConnectorStateInfo status = statusIfKnown(connect, connector.name());
        // A FAILED connector or task stays so until restarted: waiting out the timeout gains nothing.
        if (System.nanoTime() > deadline || (status != null && failed(status))) {
          throw new IllegalStateException(notRunning(connector.name(), status));
        }
        // The herder offers no "running" callback; poll its status, briefly.
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while starting connectors", e);
        }
      }
    }
  }

  private static ConnectorStateInfo statusIfKnown(EmbeddedConnect connect, String name) {
    try {
      return connect.status(name);
    } catch (RuntimeException notKnownYet) {
      return null;
    }
  }

  private static boolean failed(ConnectorStateInfo status) {
    return FAILED.equals(status.connector().state()) || status.tasks().stream().anyMatch(t -> FAILED.equals(t.state()));
  }

  /**
   * Why a connector is not running, in words a demo user can act on: its and its tasks' states and
   * a failure's reason (the first line of its trace, without the exception's class), such as
   * {@code database "helpdesk" does not exist}.
   */
  static String notRunning(String name, ConnectorStateInfo status) {
    if (status == null) {
      return "connector " + name + " is not running: the worker does not know it";
    }
    List<String> states = new ArrayList<>();
    states.add("connector " + status.connector().state() + reason(status.connector()));
    status.tasks().forEach(t -> states.add("task " + t.id() + " " + t.state() + reason(t)));
    if (status.tasks().isEmpty()) {
      states.add("no task");
    }
    return "connector " + name + " is not running: " + String.join(", ", states);
  }

  private static String reason(ConnectorStateInfo.AbstractState state) {
    String trace = state.trace();
    if (trace == null || trace.isBlank()) {
      return "";
    }
    return " (" + EXCEPTION_CLASS.matcher(trace.strip().lines().findFirst().orElse("")).replaceFirst("") + ")";
  }

  public Database database() {
    return database;
  }

  public EmbeddedConnect connect() {
    return connect;
  }

  public List<SinkConnector> connectors() {
    return connectors;
  }

  /** Restarts the worker (the connectors come back and resume from their committed offsets). */
  public void restartWorker() {
    connect.restart();
    awaitRunning(connect, connectors);
  }

  @Override
  public void close() {
    connect.close();
    secrets.close();
    if (ownsDatabase) {
      database.close();
    }
  }
}
