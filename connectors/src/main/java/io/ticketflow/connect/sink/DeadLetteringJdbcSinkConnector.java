package io.ticketflow.connect.sink;

import io.debezium.connector.jdbc.JdbcSinkConnector;
import org.apache.kafka.connect.connector.Task;

/**
 * Debezium's JDBC sink connector (same configuration, same tables) whose task sends a record the
 * database refuses to the connector's dead letter topic instead of failing: see
 * {@link DeadLetteringJdbcSinkTask}. All of ticketflow's sinks run this class.
 */
public class DeadLetteringJdbcSinkConnector extends JdbcSinkConnector {
  @Override
  public Class<? extends Task> taskClass() {
    return DeadLetteringJdbcSinkTask.class;
  }
}
