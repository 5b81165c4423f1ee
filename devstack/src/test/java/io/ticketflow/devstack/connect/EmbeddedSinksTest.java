package io.ticketflow.devstack.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo.ConnectorState;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo.TaskState;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorType;
import org.junit.jupiter.api.Test;

class EmbeddedSinksTest {

  /** The demo printed this status as ConnectorStateInfo[…, connector=…ConnectorState@2da99f3a, …]. */
  @Test
  void aConnectorThatIsNotRunningIsDescribedWithItsTasksReason() {
    String trace = "io.ticketflow.connect.sink.DeadLetteringJdbcSinkTask$Unavailable: the JDBC sink could not start:"
        + " SQLSTATE 3D000: FATAL: database \"nosuchdb\" does not exist\n\tat io.ticketflow.connect.sink.X.start(X.java:1)";
    ConnectorStateInfo status = new ConnectorStateInfo("ticketflow-sink-replies",
        new ConnectorState("RUNNING", "127.0.0.1:8083", null, null),
        List.of(new TaskState(0, "FAILED", "127.0.0.1:8083", trace, null)), ConnectorType.SINK);

    assertThat(EmbeddedSinks.notRunning("ticketflow-sink-replies", status)).isEqualTo(
        "connector ticketflow-sink-replies is not running: connector RUNNING, task 0 FAILED (the JDBC sink could"
            + " not start: SQLSTATE 3D000: FATAL: database \"nosuchdb\" does not exist)");
  }

  @Test
  void aConnectorTheWorkerDoesNotKnowIsSaidToBeSo() {
    assertThat(EmbeddedSinks.notRunning("ticketflow-sink-audit", null))
        .isEqualTo("connector ticketflow-sink-audit is not running: the worker does not know it");
  }
}
