package io.ticketflow.devstack.db;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A database someone else runs (given by {@code --jdbc-url}); closing it does nothing. The URL
 * must not carry the password: it is logged, printed and part of the sink connectors'
 * configuration, where the password is only ever a reference.
 */
public record ExternalDatabase(String jdbcUrl, String user, String password) implements Database {
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("[?&;]password=", Pattern.CASE_INSENSITIVE);

  public ExternalDatabase {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    if (PASSWORD_PARAMETER.matcher(jdbcUrl).find()) {
      // The message must not repeat the URL, which holds the password.
      throw new IllegalArgumentException("the JDBC URL carries a password parameter: give the password"
          + " with --jdbc-password or the TICKETFLOW_JDBC_PASSWORD environment variable instead (the URL"
          + " is logged and stored in the sink connectors' configuration)");
    }
    password = password == null ? "" : password;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "ExternalDatabase[" + jdbcUrl + ", user=" + user + "]";
  }
}
