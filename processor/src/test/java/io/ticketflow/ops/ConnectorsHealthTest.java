package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConnectorsHealthTest {
  private static final String RUNNING = """
      {"sink-replies": {"status": {"name": "sink-replies", "connector": {"state": "RUNNING", "worker_id": "w:8083"},
        "tasks": [{"id": 0, "state": "RUNNING", "worker_id": "w:8083"}], "type": "sink"}}}""";
  private static final String TASK_FAILED = """
      {"sink-replies": {"status": {"connector": {"state": "RUNNING"}, "tasks": [{"id": 0, "state": "FAILED"}]}},
       "sink-audit": {"status": {"connector": {"state": "RUNNING"}, "tasks": [{"id": 0, "state": "RUNNING"}]}}}""";

  @Test
  void readsConnectsExpandedStatus() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(ConnectorsHealth.problems(json.readTree(RUNNING), List.of())).isEmpty();
    assertThat(ConnectorsHealth.problems(json.readTree(TASK_FAILED), List.of()))
        .hasValue("connectors not RUNNING: [sink-replies (RUNNING, tasks not all RUNNING)]");
    assertThat(ConnectorsHealth.problems(json.readTree("{}"), List.of())).hasValue("Kafka Connect runs no connectors");
  }

  @Test
  void namedConnectorsAreJudgedAndOthersOnTheWorkerAreNot() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(ConnectorsHealth.problems(json.readTree(TASK_FAILED), List.of("sink-audit")))
        .as("another team's failed connector").isEmpty();
    assertThat(ConnectorsHealth.problems(json.readTree(TASK_FAILED), List.of("sink-audit", "sink-replies")))
        .hasValue("connectors not RUNNING: [sink-replies (RUNNING, tasks not all RUNNING)]");
    assertThat(ConnectorsHealth.problems(json.readTree(RUNNING), List.of("sink-replies", "sink-audit")))
        .as("a deleted sink").hasValue("connectors not on the Kafka Connect worker: [sink-audit]");
    assertThat(ConnectorsHealth.problems(json.readTree("{}"), List.of("sink-replies")))
        .hasValue("connectors not on the Kafka Connect worker: [sink-replies]");
  }

  @Test
  void asksTheRestApiAndReportsAnUnreachableWorker() throws Exception {
    AtomicReference<String> body = new AtomicReference<>(RUNNING);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/connectors", ex -> {
      byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders("expand=status".equals(ex.getRequestURI().getQuery()) ? 200 : 400, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    try {
      assertThat(new ConnectorsHealth(url, List.of()).problem()).isEmpty();
      body.set(TASK_FAILED);
      assertThat(new ConnectorsHealth(url + "/", List.of()).problem()).hasValueSatisfying(p -> assertThat(p).contains("sink-replies"));
    } finally {
      server.stop(0);
    }
    assertThat(new ConnectorsHealth(url, List.of()).problem()).hasValueSatisfying(p -> assertThat(p)
        .isEqualTo("Kafka Connect at " + url + "/connectors?expand=status is not reachable: ConnectException"));
  }

  /**
   * A worker (or a proxy in front of it) that sends the headers and then stalls the body: the JDK
   * client's request timeout ends with the headers, so each /health/ready request waited forever,
   * holding an ops server thread per probe, and the sinks' progress check stopped for good.
   */
  @Test
  void aWorkerThatStallsItsAnswerIsReportedInsteadOfWaitedForForever() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/connectors", ex -> {
      ex.sendResponseHeaders(200, RUNNING.length());
      ex.getResponseBody().write(RUNNING.substring(0, 10).getBytes(StandardCharsets.UTF_8));
      ex.getResponseBody().flush();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    try {
      java.util.Optional<String> problem = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
          java.time.Duration.ofSeconds(20), () -> new ConnectorsHealth(url, List.of()).problem());
      assertThat(problem).hasValue("Kafka Connect at " + url + "/connectors?expand=status did not answer within 5 s");
    } finally {
      release.countDown();
      server.stop(0);
    }
  }
}
