package io.ticketflow.reliability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.connect.sink.PasswordProviders;
import io.ticketflow.connect.sink.SinkConnector;
import io.ticketflow.connect.sink.SinkSettings;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A standalone Kafka Connect worker in a child JVM (Kafka's own {@code ConnectStandalone} main,
 * this module's test classpath: Connect runtime, the Debezium JDBC sink, our converter) running the
 * pipeline's sink connectors, so that a test can {@code kill -9} it. Started again with the same
 * files it resumes from the sink consumer groups' committed offsets, as a restarted worker does.
 */
final class ConnectProcess {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final int restPort;
  private final List<String> connectorNames;
  private final List<Path> files = new ArrayList<>();
  private final Path logDir;
  private ChildJvm jvm;
  private int starts;

  /** Writes the worker and connector files under {@code dir}; {@link #start()} runs them. */
  ConnectProcess(Path dir, String bootstrapServers, int restPort, List<SinkConnector> connectors, Path logDir) {
    this.dir = dir;
    this.restPort = restPort;
    this.logDir = logDir;
    this.connectorNames = connectors.stream().map(SinkConnector::name).toList();
    Properties worker = new Properties();
    worker.setProperty("bootstrap.servers", bootstrapServers);
    worker.setProperty("listeners", "http://127.0.0.1:" + restPort);
    worker.setProperty("plugin.discovery", "service_load");
    worker.setProperty("offset.storage.file.filename", dir.resolve("offsets.dat").toString());
    worker.setProperty("offset.flush.interval.ms", "1000");
    worker.setProperty("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    worker.setProperty("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    // A killed worker's sink consumers leave no "leave group": their partitions return to the
    // restarted worker once the session times out; 6 s is the broker's minimum.
    worker.setProperty("consumer.session.timeout.ms", "6000");
    worker.putAll(PasswordProviders.envWorkerProperties());
    files.add(write("worker.properties", worker));
    for (SinkConnector connector : connectors) {
      Properties p = new Properties();
      p.putAll(connector.config());
      p.setProperty("name", connector.name());
      files.add(write(connector.name() + ".properties", p));
    }
  }

  private Path write(String name, Properties props) {
    Path file = dir.resolve(name);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(out, null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** Starts the worker and waits until every connector and task is RUNNING. */
  synchronized ConnectProcess start() {
    if (jvm != null && jvm.isAlive()) {
      throw new IllegalStateException("the Connect worker is already running");
    }
    List<String> args = new ArrayList<>(List.of("org.apache.kafka.connect.cli.ConnectStandalone"));
    files.forEach(f -> args.add(f.toString()));
    jvm = ChildJvm.start("connect-" + (++starts),
        List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
            "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", "")), args,
        Map.of(SinkSettings.PASSWORD_ENV, FaultPipeline.DB_PASSWORD),
        logDir.resolve("connect-" + starts + ".log"));
    try {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
        if (!jvm.isAlive()) {
          throw new IllegalStateException(jvm + " exited");
        }
        return connectorNames.stream().allMatch(this::running);
      });
    } catch (ConditionTimeoutException | IllegalStateException e) {
      throw new AssertionError("Connect worker not running all connectors; log tail:\n" + jvm.logTail(60), e);
    }
    return this;
  }

  private boolean running(String connector) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + restPort + "/connectors/" + connector + "/status"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return false;
      }
      JsonNode status = JSON.readTree(r.body());
      JsonNode tasks = status.path("tasks");
      boolean tasksRunning = tasks.size() > 0;
      for (JsonNode t : tasks) {
        tasksRunning &= "RUNNING".equals(t.path("state").asText());
      }
      return "RUNNING".equals(status.path("connector").path("state").asText()) && tasksRunning;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether every connector and task reports RUNNING now. */
  boolean allRunning() {
    return connectorNames.stream().allMatch(this::running);
  }

  /** kill -9 of the worker. */
  synchronized void kill() {
    jvm.kill();
  }

  synchronized void stop() {
    if (jvm != null) {
      jvm.stop();
    }
  }

  /** The log files of every start so far. */
  List<Path> logs() {
    List<Path> logs = new ArrayList<>();
    for (int i = 1; i <= starts; i++) {
      logs.add(logDir.resolve("connect-" + i + ".log"));
    }
    return logs;
  }
}
