package io.ticketflow.devstack.db;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh database with a random name on a given server, dropped (with its connections) on
 * close: tests get their own tables without sharing state with other tests on the same server.
 */
public final class ScratchDatabase implements Database {
  private static final Logger LOG = LoggerFactory.getLogger(ScratchDatabase.class);

  private final Database server;
  private final String name;
  private final String jdbcUrl;
  private boolean closed;

  private ScratchDatabase(Database server, String name) {
    this.server = server;
    this.name = name;
    this.jdbcUrl = withDatabase(server.jdbcUrl(), name);
  }

  /** Creates a database named {@code prefix} plus a random suffix on {@code server}. */
  public static ScratchDatabase create(Database server, String prefix) {
    String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8))
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + " on " + server.jdbcUrl(), e);
    }
    return new ScratchDatabase(server, name);
  }

  public String name() {
    return name;
  }

  @Override
  public String jdbcUrl() {
    return jdbcUrl;
  }

  @Override
  public String user() {
    return server.user();
  }

  @Override
  public String password() {
    return server.password();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      LOG.warn("cannot drop scratch database {}", name, e);
    }
  }

  /** {@code jdbc:postgresql://host:port/db?params} with the database part replaced. */
  static String withDatabase(String jdbcUrl, String database) {
    String prefix = "jdbc:";
    URI uri = URI.create(jdbcUrl.substring(prefix.length()));
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return prefix + uri.getScheme() + "://" + uri.getRawAuthority() + "/" + database + query;
  }

  @Override
  public String toString() {
    return "ScratchDatabase[" + jdbcUrl + "]";
  }
}
