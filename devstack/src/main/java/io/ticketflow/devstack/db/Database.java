package io.ticketflow.devstack.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A PostgreSQL database the sinks write to, with the credentials to reach it. */
public interface Database extends AutoCloseable {

  String jdbcUrl();

  String user();

  /** The password ({@code ""} for trust authentication); never logged. */
  String password();

  /** A new connection; the caller closes it. */
  default Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user(), password());
  }

  /** Releases what this object started or created (a server, a scratch database); idempotent. */
  @Override
  void close();
}
