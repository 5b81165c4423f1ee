package io.ticketflow.reliability;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged processor, {@code java -jar cli/target/ticketflow.jar run --config FILE}, exactly as
 * an operator runs it; ready when its {@code /health/ready} answers 200 (Streams RUNNING).
 */
final class ProcessorProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final ChildJvm jvm;
  private final int opsPort;

  private ProcessorProcess(ChildJvm jvm, int opsPort) {
    this.jvm = jvm;
    this.opsPort = opsPort;
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("ticketflow.jar", "../cli/target/ticketflow.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it with 'mvn -DskipTests package'");
    }
    return jar;
  }

  /** Writes {@code config} to {@code configFile} and starts the processor with {@code env}. */
  static ProcessorProcess start(String name, Map<String, String> config, Path configFile, Map<String, String> env,
      Path log) {
    Properties props = new Properties();
    props.putAll(config);
    try (Writer out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
      props.store(out, "ticketflow reliability test: " + name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + configFile, e);
    }
    ChildJvm jvm = ChildJvm.start(name, List.of("-Xmx768m", "-XX:+UseG1GC", "-jar", jar().toString()),
        List.of("run", "--config", configFile.toString()), env, log);
    return new ProcessorProcess(jvm, Integer.parseInt(config.get("ops.port")));
  }

  /** Waits until Streams is RUNNING (the ops server's readiness), failing early if the JVM died. */
  ProcessorProcess awaitReady(Duration timeout) {
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
        if (!jvm.isAlive()) {
          throw new IllegalStateException(jvm + " exited");
        }
        return ready();
      });
    } catch (ConditionTimeoutException | IllegalStateException e) {
      throw new AssertionError(jvm + " did not become ready within " + timeout + "; log tail:\n" + jvm.logTail(60), e);
    }
    if (!jvm.isAlive()) {
      throw new AssertionError(jvm + " exited; log tail:\n" + jvm.logTail(60));
    }
    return this;
  }

  boolean ready() {
    try {
      HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + opsPort + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  boolean isAlive() {
    return jvm.isAlive();
  }

  /** kill -9. */
  void kill() {
    jvm.kill();
  }

  /** SIGTERM: the processor's shutdown hook commits and leaves the group. */
  int stop() {
    return jvm.stop();
  }

  Path log() {
    return jvm.log();
  }

  String logTail(int lines) {
    return jvm.logTail(lines);
  }

  @Override
  public void close() {
    jvm.close();
  }

  @Override
  public String toString() {
    return jvm.toString();
  }
}
