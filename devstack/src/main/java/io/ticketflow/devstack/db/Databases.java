package io.ticketflow.devstack.db;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which database to use: the one given, or else an embedded server. */
public final class Databases {
  private static final Logger LOG = LoggerFactory.getLogger(Databases.class);

  /** Where tests look for a server first: the machine's PostgreSQL (its always-present {@code postgres} database), trust authentication. */
  public static final String LOCAL_TEST_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  /** Overrides {@link #LOCAL_TEST_URL} for tests (an empty value forces the embedded server). */
  public static final String TEST_URL_PROPERTY = "ticketflow.test.jdbc.url";

  private Databases() {}

  /** {@code jdbcUrl} when given (user and password from the URL or the arguments), else embedded. */
  public static Database givenOrEmbedded(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      return EmbeddedPostgresDatabase.start();
    }
    return new ExternalDatabase(jdbcUrl, user == null ? "postgres" : user, password);
  }

  /**
   * A server for tests: the machine's PostgreSQL when it answers (faster to reach than starting
   * one), otherwise an embedded one. Tests create a {@link ScratchDatabase} on it.
   */
  public static Database serverForTests() {
    String url = System.getProperty(TEST_URL_PROPERTY, LOCAL_TEST_URL);
    if (!url.isBlank()) {
      ExternalDatabase local = new ExternalDatabase(url, "postgres", "");
      try (Connection c = local.connect()) {
        if (c.isValid(2)) {
          LOG.info("tests use the PostgreSQL at {}", url);
          return local;
        }
      } catch (SQLException e) {
        LOG.info("no PostgreSQL at {} ({}); starting an embedded one", url, e.getMessage());
      }
    }
    return EmbeddedPostgresDatabase.start();
  }
}
