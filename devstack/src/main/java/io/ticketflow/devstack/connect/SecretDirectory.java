package io.ticketflow.devstack.connect;

import io.ticketflow.connect.sink.PasswordProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The embedded worker's way to the database password without putting it into a connector's
 * configuration: a directory only this user can enter, holding the password in {@link
 * PasswordProviders#PASSWORD_FILE} (read and write for the owner only), which Kafka's {@code
 * DirectoryConfigProvider} reads when a sink task starts. {@link #close()} deletes both; a JVM that
 * is killed leaves them in the temporary directory, readable by this user only.
 */
final class SecretDirectory implements AutoCloseable {
  private final Path dir;

  private SecretDirectory(Path dir) {
    this.dir = dir;
  }

  static SecretDirectory holding(String password) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("ticketflow-secrets-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path file = Files.createFile(dir.resolve(PasswordProviders.PASSWORD_FILE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, password, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return new SecretDirectory(dir);
    } catch (IOException e) {
      new SecretDirectory(dir).close();
      // The message names the path only; the password is in no exception.
      throw new UncheckedIOException("cannot write the database password file under " + dir, e);
    }
  }

  Path path() {
    return dir;
  }

  /** The sinks' {@code connection.password}: a reference the worker resolves. */
  String passwordReference() {
    return PasswordProviders.dirReference(dir);
  }

  /** The worker settings that resolve {@link #passwordReference()} (and nothing outside it). */
  Map<String, String> workerProperties() {
    return PasswordProviders.withDir(dir);
  }

  @Override
  public void close() {
    if (dir == null) {
      return;
    }
    try {
      Files.deleteIfExists(dir.resolve(PasswordProviders.PASSWORD_FILE));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the database password directory " + dir, e);
    }
  }
}
