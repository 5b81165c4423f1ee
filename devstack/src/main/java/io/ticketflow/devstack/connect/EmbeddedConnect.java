package io.ticketflow.devstack.connect;

import io.ticketflow.connect.sink.PasswordProviders;
import io.ticketflow.connect.sink.SinkConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.apache.kafka.connect.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Connect worker in this JVM, REST API on a free loopback port. Plugins are found
 * through {@code ServiceLoader} manifests on the classpath ({@code plugin.discovery=service_load}:
 * under a second instead of ~4 s of class scanning).
 *
 * <p>Standalone mode keeps connector configs in memory only, so this class remembers what it
 * deployed and deploys it again after {@link #restart()}; sink progress lives in the connectors'
 * consumer groups on the broker, so a restarted worker resumes where the last commit left off.
 *
 * <p>The worker resolves {@code ${env:TICKETFLOW_JDBC_PASSWORD}} (that variable only) as the
 * docker-compose worker does; {@link EmbeddedSinks} adds a password directory of its own.
 */
public final class EmbeddedConnect implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedConnect.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, String> workerProps;
  private final Path offsetsFile;
  private final Map<String, Map<String, String>> deployed = new LinkedHashMap<>();
  private Connect<StandaloneHerder> connect;

  private EmbeddedConnect(Map<String, String> workerProps, Path offsetsFile) {
    this.workerProps = Map.copyOf(workerProps);
    this.offsetsFile = offsetsFile;
  }

  /** Starts a worker against {@code bootstrapServers}; {@code overrides} win over the defaults. */
  public static EmbeddedConnect start(String bootstrapServers, Map<String, String> overrides) {
    Path offsets;
    try {
      offsets = Files.createTempFile("ticketflow-connect-offsets-", ".dat");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Connect offsets file", e);
    }
    Map<String, String> props = new HashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("listeners", "http://127.0.0.1:0");
    props.put("plugin.discovery", "service_load");
    props.put("offset.storage.file.filename", offsets.toString());
    // Sinks commit consumer offsets on this interval: short, so a restart redelivers little.
    props.put("offset.flush.interval.ms", "1000");
    props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    props.putAll(PasswordProviders.envWorkerProperties());
    props.putAll(overrides);
    EmbeddedConnect worker = new EmbeddedConnect(props, offsets);
    try {
      worker.startWorker();
    } catch (RuntimeException e) {
      worker.close(); // the offsets file
      throw e;
    }
    return worker;
  }

  public static EmbeddedConnect start(String bootstrapServers) {
    return start(bootstrapServers, Map.of());
  }

  /** The name under which Kafka's {@code Connect.start()} registers its JVM shutdown hook. */
  static final String CONNECT_SHUTDOWN_HOOK = "connect-shutdown-hook";

  private synchronized void startWorker() {
    long started = System.nanoTime();
    connect = startWithoutJvmHooks(() -> new ConnectStandalone().startConnect(workerProps));
    LOG.info("Connect worker up at {} in {} ms", restUrl(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /**
   * Runs {@code start} with Kafka's shutdown-hook registration skipping Connect's own hook. Whoever
   * owns this worker stops it in order ({@link #close}, before the broker goes): the demo from its
   * own shutdown hook, tests from their extension. Connect's hook raced that at Ctrl-C: a second
   * {@code Connect.stop()} returns at once, so the demo stopped the broker under a worker still
   * stopping (ERROR lines about group coordinators, and once a JVM that did not exit). Every
   * restart also added one more hook holding a stopped worker. Kafka offers no public switch; its
   * {@code Exit} hook adder is the seam its own tests use. Other hooks registered meanwhile are
   * added as Kafka would add them.
   *
   * <p>Likewise, a worker whose start fails after its REST server is up makes {@code startConnect}
   * call {@code Exit.exit(3)}, which would end the demo's or a test's whole JVM; while {@code start}
   * runs, that exit is an exception the caller handles instead.
   */
  static <T> T startWithoutJvmHooks(java.util.function.Supplier<T> start) {
    synchronized (EmbeddedConnect.class) {
      org.apache.kafka.common.utils.internals.Exit.setShutdownHookAdder((name, hook) -> {
        if (!CONNECT_SHUTDOWN_HOOK.equals(name)) {
          // As Kafka's own adder: a hook may come without a name (new Thread(hook, null) would throw).
          Runtime.getRuntime().addShutdownHook(name == null ? new Thread(hook) : new Thread(hook, name));
        }
      });
      org.apache.kafka.common.utils.internals.Exit.setExitProcedure((code, message) -> {
        throw new IllegalStateException("the Connect worker did not start (it would have exited with status "
            + code + "; its log says why)");
      });
      try {
        return start.get();
      } finally {
        org.apache.kafka.common.utils.internals.Exit.resetExitProcedure();
        org.apache.kafka.common.utils.internals.Exit.resetShutdownHookAdder();
      }
    }
  }

  /** The worker's REST API, e.g. {@code http://127.0.0.1:41234/}. */
  public synchronized URI restUrl() {
    return connect.rest().advertisedUrl();
  }

  /** Creates or updates a connector and waits until the worker accepted it. */
  public void deploy(SinkConnector connector) {
    deploy(connector.name(), connector.config());
  }

  public synchronized void deploy(String name, Map<String, String> config) {
    Map<String, String> withName = new HashMap<>(config);
    withName.put("name", name);
    FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
    connect.herder().putConnectorConfig(name, withName, true, done);
    await(done, "deploy connector " + name);
    deployed.put(name, Map.copyOf(withName));
  }

  public synchronized void delete(String name) {
    FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
    connect.herder().deleteConnectorConfig(name, done);
    await(done, "delete connector " + name);
    deployed.remove(name);
  }

  /** Restarts one task, as {@code POST /connectors/<name>/tasks/<task>/restart} does. */
  public synchronized void restartTask(String name, int task) {
    FutureCallback<Void> done = new FutureCallback<>();
    connect.herder().restartTask(new ConnectorTaskId(name, task), done);
    await(done, "restart task " + task + " of " + name);
  }

  /** The connector's and its tasks' states as the REST API reports them. */
  public synchronized ConnectorStateInfo status(String name) {
    return connect.herder().connectorStatus(name);
  }

  /** Whether the connector and all its tasks (at least one) are RUNNING. */
  public boolean isRunning(String name) {
    try {
      ConnectorStateInfo info = status(name);
      return "RUNNING".equals(info.connector().state()) && !info.tasks().isEmpty()
          && info.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
    } catch (RuntimeException e) {
      return false; // not known yet
    }
  }

  public synchronized List<String> connectors() {
    return List.copyOf(connect.herder().connectors());
  }

  /** Stops the worker and starts a new one with the same settings and connectors. */
  public synchronized void restart() {
    stopWorker();
    startWorker();
    Map<String, Map<String, String>> again = new LinkedHashMap<>(deployed);
    for (Map.Entry<String, Map<String, String>> e : again.entrySet()) {
      deploy(e.getKey(), e.getValue());
    }
  }

  private void stopWorker() {
    if (connect != null) {
      connect.stop();
      connect.awaitStop();
      connect = null;
    }
  }

  private static void await(FutureCallback<?> callback, String what) {
    try {
      callback.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to " + what, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out waiting to " + what, e);
    }
  }

  @Override
  public synchronized void close() {
    stopWorker();
    try {
      Files.deleteIfExists(offsetsFile);
    } catch (IOException e) {
      LOG.debug("cannot delete {}", offsetsFile, e);
    }
  }
}
