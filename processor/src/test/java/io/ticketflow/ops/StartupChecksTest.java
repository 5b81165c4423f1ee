package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.schema.registry.SchemaRegistryException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class StartupChecksTest {

  @Test
  void anUnreachableRegistryIsNamedOnceWithWhatWentWrong() {
    SchemaRegistryException e = new SchemaRegistryException(0, SchemaRegistryException.UNREACHABLE,
        "Schema registry unreachable at [http://127.0.0.1:1]: ConnectException", new ConnectException());

    String message = StartupChecks.registryProblem("http://127.0.0.1:1", e);

    assertThat(message).isEqualTo("Schema Registry is unreachable at schema.registry.url=http://127.0.0.1:1"
        + " (ConnectException); check the address and that the registry is running");
  }

  /**
   * The admin call's own deadline can pass before the wait for it (the processor sets both to the
   * start-up timeout): that too is a broker that did not answer, not one that refused.
   */
  @Test
  void aBrokerThatNeverAnswersIsUnreachableWhicheverTimeoutEndsTheWait() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + port;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 500, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 500))) {
      assertThatThrownBy(() -> StartupChecks.brokerReachable(admin, bootstrap, Duration.ofSeconds(30)))
          .isInstanceOf(StartupException.class)
          .hasMessage("Kafka is unreachable at bootstrap.servers=" + bootstrap + " (no answer within 30 s);"
              + " check the address and that the broker is running");
    }
  }

  @Test
  void aRegistryThatAnsweredWithAnErrorKeepsItsStatus() {
    SchemaRegistryException e = new SchemaRegistryException(401, 401, "Schema registry GET http://r/subjects failed: Unauthorized");

    assertThat(StartupChecks.registryProblem("http://r", e))
        .isEqualTo("Schema registry GET http://r/subjects failed: Unauthorized (HTTP 401, error code 401)");
  }
}
