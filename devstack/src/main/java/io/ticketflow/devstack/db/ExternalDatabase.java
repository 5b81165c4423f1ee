package io.ticketflow.devstack.db;

import java.util.Objects;

/** A database someone else runs (given by {@code --jdbc-url}); closing it does nothing. */
public record ExternalDatabase(String jdbcUrl, String user, String password) implements Database {
  public ExternalDatabase {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    password = password == null ? "" : password;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "ExternalDatabase[" + jdbcUrl + ", user=" + user + "]";
  }
}
