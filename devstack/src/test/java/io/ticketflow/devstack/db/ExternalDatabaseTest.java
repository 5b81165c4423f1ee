package io.ticketflow.devstack.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExternalDatabaseTest {

  @Test
  void aUrlWithThePasswordInItIsRefusedWithoutRepeatingIt() {
    for (String url : new String[] {"jdbc:postgresql://db/t?password=hunter2",
        "jdbc:postgresql://db/t?user=a&Password=hunter2", "jdbc:postgresql://db/t;password=hunter2"}) {
      assertThatThrownBy(() -> new ExternalDatabase(url, "a", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--jdbc-password")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
  }

  @Test
  void otherParametersAndAMissingPasswordAreFine() {
    ExternalDatabase db = new ExternalDatabase("jdbc:postgresql://db/t?ssl=true&passwordless=x", "a", null);

    assertThat(db.password()).isEmpty();
    assertThat(db.jdbcUrl()).endsWith("passwordless=x");
    assertThat(db.toString()).doesNotContain("password=");
  }
}
