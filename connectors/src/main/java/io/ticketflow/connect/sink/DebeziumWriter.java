package io.ticketflow.connect.sink;

import io.debezium.connector.jdbc.JdbcSinkConnectorTask;
import java.lang.reflect.Field;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's JDBC sink task as a {@link SinkWriter}. Debezium's task keeps the first failure of a
 * {@code put} and refuses every later one; after a refusal, whose transaction Debezium has rolled
 * back, {@link #forgetFailure} clears that failure so the same task and its connections go on
 * (reflection on Debezium 3.6.0's {@code previousPutException}: without that field every refusal
 * costs a new task, which still works, only slower).
 */
final class DebeziumWriter implements SinkWriter {
  private static final Logger LOG = LoggerFactory.getLogger(DebeziumWriter.class);
  private static final Field PREVIOUS_FAILURE = previousFailureField();
  private static final Field SESSION_FACTORY = field("sessionFactory");
  private static final int LOGIN_TIMEOUT_SECONDS = 10;

  static {
    registerDrivers();
  }

  private final JdbcSinkConnectorTask task;

  private DebeziumWriter(JdbcSinkConnectorTask task) {
    this.task = task;
  }

  /**
   * Starts Debezium's task. A connection is tried first, and again if the task fails to start:
   * Hibernate reports a database it cannot reach as a missing dialect, without the connection's
   * error, which would read as a failure for an operator rather than one that passes.
   */
  static SinkWriter start(Map<String, String> props, SinkTaskContext context, Collection<TopicPartition> assigned) {
    tryConnection(props);
    JdbcSinkConnectorTask task = new JdbcSinkConnectorTask();
    task.initialize(context);
    try {
      task.start(props);
      if (!assigned.isEmpty()) {
        task.open(List.copyOf(assigned));
      }
    } catch (RuntimeException e) {
      try {
        task.stop();
        closeSessionFactory(task);
      } catch (RuntimeException stopping) {
        e.addSuppressed(stopping);
      }
      tryConnection(props);
      throw e;
    }
    return new DebeziumWriter(task);
  }

  @Override
  public Throwable write(Collection<SinkRecord> records) {
    task.put(records);
    return task.getLastProcessingException();
  }

  @Override
  public boolean forgetFailure() {
    if (PREVIOUS_FAILURE == null) {
      return false;
    }
    try {
      PREVIOUS_FAILURE.set(task, null);
      return true;
    } catch (IllegalAccessException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    task.open(partitions);
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    task.close(partitions);
  }

  @Override
  public void close() {
    try {
      task.stop();
    } catch (RuntimeException e) {
      LOG.warn("Stopping the JDBC sink task failed", e);
    }
  }

  /** Opens and closes a connection; throws the driver's error, whose SQLSTATE tells whether it passes. */
  private static void tryConnection(Map<String, String> props) {
    String url = props.get("connection.url");
    if (!hasDriver(url)) {
      return;
    }
    Properties connection = new Properties();
    putIfSet(connection, "user", props.get("connection.username"));
    putIfSet(connection, "password", props.get("connection.password"));
    // PostgreSQL's driver: a server that accepts the connection and then hangs must not hold the task.
    connection.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
    try {
      DriverManager.getConnection(url, connection).close();
    } catch (SQLException e) {
      throw new ConnectException("cannot connect to the database: " + DatabaseFailures.describe(e), e);
    }
  }

  private static void putIfSet(Properties properties, String key, String value) {
    if (value != null) {
      properties.setProperty(key, value);
    }
  }

  /**
   * Whether {@link DriverManager} knows a driver for {@code url} (its "no suitable driver" error has
   * SQLSTATE 08001, as if the database were down). Connect's plugin class loader holds the drivers
   * and {@code DriverManager} looks for them in the system class loader only, so this class
   * registers those of its own loader when it is loaded.
   */
  private static boolean hasDriver(String url) {
    try {
      return url != null && DriverManager.getDriver(url) != null;
    } catch (SQLException e) {
      return false;
    }
  }

  private static void registerDrivers() {
    try {
      for (ServiceLoader.Provider<Driver> driver
          : ServiceLoader.load(Driver.class, DebeziumWriter.class.getClassLoader()).stream().toList()) {
        try {
          driver.get(); // a driver registers itself when its class is initialized
        } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
          LOG.debug("JDBC driver {} not loaded", driver.type().getName(), e);
        }
      }
    } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
      LOG.debug("JDBC drivers not listed", e);
    }
  }

  /**
   * Debezium's {@code stop()} closes the task's SessionFactory (and its connection pool) only once
   * the task got as far as its sink; a start that failed in between would leave the pool open.
   */
  private static void closeSessionFactory(JdbcSinkConnectorTask task) {
    if (SESSION_FACTORY == null) {
      return;
    }
    try {
      if (SESSION_FACTORY.get(task) instanceof SessionFactory factory && factory.isOpen()) {
        factory.close();
      }
    } catch (IllegalAccessException e) {
      LOG.debug("cannot reach the JDBC sink task's SessionFactory", e);
    }
  }

  private static Field previousFailureField() {
    Field field = field("previousPutException");
    if (field == null) {
      LOG.info("Debezium's JDBC sink task has no previousPutException field: every refused record starts a new task");
    }
    return field;
  }

  /** A private field of Debezium's task, or null if this version has none. */
  private static Field field(String name) {
    try {
      Field field = JdbcSinkConnectorTask.class.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
