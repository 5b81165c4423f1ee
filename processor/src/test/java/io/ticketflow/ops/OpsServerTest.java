package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.REBALANCING);
  private final AtomicReference<Optional<String>> connectors = new AtomicReference<>(Optional.of("connector x FAILED"));
  private PrometheusMeterRegistry meters;
  private OpsServer server;

  @BeforeEach
  void start() {
    meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new PipelineMetrics(meters).routed("FAQ");
    server = OpsServer.start("127.0.0.1", 0, new OpsServer.Parts(meters, state::get, List.of(connectors::get),
        null, null, List.of("shop"), null));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsArePrometheusText() throws Exception {
    HttpResponse<String> r = get("metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(r.body()).contains("ticketflow_inquiries_routed_total{route=\"FAQ\"} 1.0");
    assertThat(r.body()).contains("# HELP ticketflow_inquiries_routed_total Input records by the route they took");
  }

  @Test
  void readyOnlyWhenStreamsRunsAndEveryCheckPasses() throws Exception {
    HttpResponse<String> notYet = get("health/ready");
    assertThat(notYet.statusCode()).isEqualTo(503);
    assertThat(notYet.body()).contains("REBALANCING, not RUNNING").contains("connector x FAILED");
    state.set(KafkaStreams.State.RUNNING);
    assertThat(get("health/ready").body()).contains("connector x FAILED");
    connectors.set(Optional.empty());
    HttpResponse<String> ready = get("health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void liveUntilStreamsFails() throws Exception {
    assertThat(get("health/live").statusCode()).isEqualTo(200);
    state.set(KafkaStreams.State.ERROR);
    HttpResponse<String> dead = get("health/live");
    assertThat(dead.statusCode()).isEqualTo(503);
    assertThat(dead.body()).contains("DOWN");
  }

  /**
   * PENDING_ERROR is a client shutting down after a fatal error, never to run again: if a stream
   * thread does not end, it stays there, and a liveness probe must see that rather than UP.
   */
  @Test
  void notLiveWhileShuttingDownAfterAnError() throws Exception {
    state.set(KafkaStreams.State.PENDING_ERROR);
    HttpResponse<String> failing = get("health/live");
    assertThat(failing.statusCode()).isEqualTo(503);
    assertThat(failing.body()).contains("DOWN").contains("PENDING_ERROR");
    state.set(KafkaStreams.State.PENDING_SHUTDOWN);
    assertThat(get("health/live").statusCode()).as("a clean stop in progress").isEqualTo(200);
  }

  @Test
  void consoleIsServedFromTheJarAndApiAnswers() throws Exception {
    HttpResponse<String> page = get("");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>ticketflow console</title>").contains("EventSource(\"api/events\")");
    assertThat(get("api/tenants").body()).isEqualTo("[\"shop\"]");
    assertThat(get("api/stats").body()).contains("\"routes\":{}");
    assertThat(get("api/nothing").statusCode()).isEqualTo(404);
    HttpResponse<String> ask = http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/ask"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"shop\",\"text\":\"hi\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ask.statusCode()).as("no publisher in this server").isEqualTo(503);
  }

  /**
   * The statistics endpoint checks its parameters before it reads a store, and says when the
   * stores cannot be read (here a Streams client that was never started).
   */
  @Test
  void faqStatsNeedATenantAndAReadableStore() throws Exception {
    assertThat(get("api/faq-stats?tenant=shop").statusCode()).as("no stores in this server").isEqualTo(503);
    java.util.Properties props = new java.util.Properties();
    props.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, "ops-server-test");
    props.put(org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    org.apache.kafka.streams.StreamsBuilder builder = new org.apache.kafka.streams.StreamsBuilder();
    builder.stream("in");
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        OpsServer withStores = OpsServer.start("127.0.0.1", 0, new OpsServer.Parts(meters, state::get, List.of(),
            null, null, List.of("shop"), new FaqStatsQuery(streams)))) {
      java.util.function.Function<String, HttpResponse<String>> ask = path -> {
        try {
          return http.send(HttpRequest.newBuilder(URI.create(withStores.url() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      assertThat(ask.apply("api/faq-stats").statusCode()).isEqualTo(400);
      assertThat(ask.apply("api/faq-stats?tenant=").statusCode()).isEqualTo(400);
      for (String limit : List.of("0", "-1", "1001", "x", "")) {
        HttpResponse<String> r = ask.apply("api/faq-stats?tenant=shop&limit=" + limit);
        assertThat(r.statusCode()).as(limit).isEqualTo(400);
        assertThat(r.body()).contains("limit must be a whole number from 1 to 1000");
      }
      HttpResponse<String> notStarted = ask.apply("api/faq-stats?tenant=sh%6Fp&limit=5");
      assertThat(notStarted.statusCode()).isEqualTo(503);
      assertThat(notStarted.body()).contains("cannot be read while Kafka Streams is REBALANCING");
    }
  }

  /**
   * Live-feed clients that connect at once are held to MAX_EVENT_CLIENTS: each holds a thread, and
   * the count was checked before the response and taken after it, so a burst got past it.
   */
  @Test
  void liveFeedClientsConnectingAtOnceAreHeldToTheLimit() throws Exception {
    int clients = 3 * OpsServer.MAX_EVENT_CLIENTS;
    List<java.net.Socket> sockets = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port());
        socket.setSoTimeout(20_000);
        sockets.add(socket);
      }
      for (java.net.Socket socket : sockets) {
        socket.getOutputStream().write("GET /api/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      }
      int streams = 0;
      for (java.net.Socket socket : sockets) {
        String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
            java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        streams += status.contains(" 200 ") ? 1 : 0;
      }
      assertThat(streams).isEqualTo(OpsServer.MAX_EVENT_CLIENTS);
    } finally {
      for (java.net.Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /** On an IPv6 address the printed URL is one a browser or curl takes: http://[::1]:port/. */
  @Test
  void anIpv6AddressIsBracketedInTheUrl() throws Exception {
    try (OpsServer v6 = OpsServer.start("::1", 0, new OpsServer.Parts(meters, state::get, List.of(), null, null,
        List.of("shop"), null))) {
      assertThat(v6.url()).isEqualTo("http://[0:0:0:0:0:0:0:1]:" + v6.port() + "/");
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(v6.url() + "api/tenants")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBusyPortIsNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpsServer.start("127.0.0.1", server.port(),
            new OpsServer.Parts(meters, state::get, List.of(), null, null, List.of(), null)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining(server.port() + ": the port is in use");
  }

  /** ops.host names no address of this machine: said so, not "the port is in use" (run's Cannot start). */
  @Test
  void anAddressThatIsNotThisMachinesIsNamedAsSuch() {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737), never assigned; .invalid never resolves (RFC 2606).
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpsServer.start("192.0.2.1", 0,
            new OpsServer.Parts(meters, state::get, List.of(), null, null, List.of(), null)))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("the ops server cannot listen on 192.0.2.1:0: ")
        .hasMessageNotContaining("in use");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpsServer.start("ops.invalid", 0,
            new OpsServer.Parts(meters, state::get, List.of(), null, null, List.of(), null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the ops server cannot listen on ops.invalid:0: ops.host does not resolve");
  }
}
