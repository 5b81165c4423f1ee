package io.ticketflow.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java child process whose output goes to a log file. {@link #kill()} is a real {@code kill -9}
 * (no shutdown hook, no commit, no leave-group); {@link #stop()} a SIGTERM, as an operator or an
 * orchestrator stops a service cleanly.
 */
final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java <jvmArgs> <args>} with {@code env} added to this JVM's environment; its output
   * replaces {@code log}, which an earlier run of the tests in the same build directory may have left.
   */
  static ChildJvm start(String name, List<String> jvmArgs, List<String> args, Map<String, String> env, Path log) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvmArgs);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(env);
    try {
      Files.createDirectories(log.getParent());
      return new ChildJvm(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() {
    process.destroyForcibly();
    awaitExit(30);
  }

  /** SIGTERM (the shutdown hooks run), then SIGKILL if it has not exited within a minute. */
  int stop() {
    process.destroy();
    if (!awaitExit(60)) {
      process.destroyForcibly();
      awaitExit(30);
    }
    return process.isAlive() ? -1 : process.exitValue();
  }

  private boolean awaitExit(int seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
    }
  }

  /** The log so far, for failure messages. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
