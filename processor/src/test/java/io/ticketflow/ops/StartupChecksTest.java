package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.registry.SchemaRegistryException;
import java.net.ConnectException;
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

  @Test
  void aRegistryThatAnsweredWithAnErrorKeepsItsStatus() {
    SchemaRegistryException e = new SchemaRegistryException(401, 401, "Schema registry GET http://r/subjects failed: Unauthorized");

    assertThat(StartupChecks.registryProblem("http://r", e))
        .isEqualTo("Schema registry GET http://r/subjects failed: Unauthorized (HTTP 401, error code 401)");
  }
}
