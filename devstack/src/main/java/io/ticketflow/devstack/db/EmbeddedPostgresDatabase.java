package io.ticketflow.devstack.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started from the binaries in a Maven jar, on a free loopback port with a
 * temporary data directory; its {@code postgres} database with the {@code postgres} user (trust
 * authentication, loopback only). First start unpacks the binaries (~6 s), later ones ~2.5 s.
 */
public final class EmbeddedPostgresDatabase implements Database {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresDatabase.class);
  private static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private boolean closed;

  private EmbeddedPostgresDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedPostgresDatabase start() {
    return start(0);
  }

  /** Starts PostgreSQL on {@code 127.0.0.1:port} (0 picks a free port). */
  public static EmbeddedPostgresDatabase start(int port) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres postgres = builder
          .setPGStartupWait(Duration.ofSeconds(30))
          .setServerConfig("listen_addresses", "127.0.0.1")
          .start();
      LOG.info("embedded PostgreSQL listening on 127.0.0.1:{}", postgres.getPort());
      return new EmbeddedPostgresDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  /** The loopback port the server listens on. */
  public int port() {
    return postgres.getPort();
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  @Override
  public String user() {
    return USER;
  }

  @Override
  public String password() {
    return "";
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly", e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedPostgresDatabase[" + jdbcUrl() + "]";
  }
}
