package io.ticketflow.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticketflow.schema.Channel;
import io.ticketflow.schema.Inquiry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations server: {@code GET /metrics} (Prometheus text), {@code /health/live}, {@code
 * /health/ready}, and the web console ({@code GET /} plus its small JSON/SSE API).
 *
 * <p>The JDK's {@code com.sun.net.httpserver} rather than Javalin: six loopback endpoints need no
 * routing framework, and it keeps Jetty's dependency tree out of the processor jar (the devstack's
 * schema registry uses the same server). Server-sent events are a chunked response written by a
 * handler thread, so the executor is a cached pool.
 */
public final class OpsServer implements AutoCloseable {
  private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  private static final Pattern LITERAL_V6 = Pattern.compile("\\[(?=[0-9a-fA-F:.]{2,45}\\])[0-9a-fA-F.]*:[0-9a-fA-F:.]*\\]");
  /*
   * The JDK's HTTP server leaves Nagle's algorithm on: a response's headers and body go out as two
   * small writes and the second waits for the client's delayed ACK, ~40 ms on every request
   * (measured: 49 ms per call against the fake model server, 4.5 ms with it off). The setting is
   * read once, when the JDK's server first starts, so every HttpServer of ticketflow sets it.
   */
  static {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONSOLE = "/io/ticketflow/ops/console.html";

  /**
   * What the server reports on and acts with; feed and publisher may be null (no console), faqStats
   * too (no {@code /api/faq-stats}).
   */
  public record Parts(PrometheusMeterRegistry meters, Supplier<KafkaStreams.State> streamsState,
      List<HealthCheck> readiness, OutcomeFeed feed, InquiryPublisher publisher, List<String> tenants,
      FaqStatsQuery faqStats) {}

  /** Rows of each kind {@code /api/faq-stats} returns unless {@code limit} says otherwise, and at most. */
  static final int FAQ_STATS_DEFAULT_LIMIT = 20;
  static final int FAQ_STATS_MAX_LIMIT = 1_000;

  /** Largest {@code /api/ask} body taken: far more than an inquiry's 4,000 characters need. */
  static final int MAX_ASK_BYTES = 64 * 1024;
  /** Most live-feed subscribers at once; each holds a thread and a queue. */
  static final int MAX_EVENT_CLIENTS = 32;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Parts parts;
  private final ConsoleStats stats = new ConsoleStats();
  private final EventStream events = new EventStream();
  private volatile boolean closed;

  private OpsServer(HttpServer server, ExecutorService executor, Parts parts) {
    this.server = server;
    this.executor = executor;
    this.parts = parts;
  }

  /**
   * Fails now, as {@link #start} would, if {@code host:port} cannot be listened on: the processor
   * checks before its FAQ load and warm-up, which can take minutes, rather than after them.
   */
  public static void checkCanListen(String host, int port) {
    InetSocketAddress address = resolved(host, port);
    // A plain socket, closed at once: an HttpServer that never started keeps its port until its
    // selector runs, so HttpServer.create(...).stop(0) would hold the port the server then needs.
    try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(address);
    } catch (IOException e) {
      throw cannotListen(host, port, e);
    }
  }

  /** Binds {@code host:port} and starts serving; a busy port is an {@link IllegalStateException} naming it. */
  public static OpsServer start(String host, int port, Parts parts) {
    HttpServer server = bind(host, port);
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "ticketflow-ops-http");
      t.setDaemon(true);
      return t;
    });
    OpsServer ops = new OpsServer(server, executor, parts);
    if (parts.feed() != null) {
      parts.feed().addListener(ops.stats).addListener(ops.events);
    }
    server.createContext("/", ops::route);
    server.setExecutor(executor);
    server.start();
    LOG.info("Operations server at {} (metrics, health, console)", ops.url());
    return ops;
  }

  private static HttpServer bind(String host, int port) {
    InetSocketAddress address = resolved(host, port);
    try {
      return HttpServer.create(address, 64);
    } catch (IOException e) {
      throw cannotListen(host, port, e);
    }
  }

  private static InetSocketAddress resolved(String host, int port) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalStateException("the ops server cannot listen on " + host + ":" + port + ": ops.host does not resolve");
    }
    return address;
  }

  private static IllegalStateException cannotListen(String host, int port, IOException e) {
    if (e instanceof BindException) {
      // Also an address of another machine ("Cannot assign requested address"), not only a busy port.
      String why = String.valueOf(e.getMessage()).contains("in use") ? "the port is in use" : e.getMessage();
      return new IllegalStateException("the ops server cannot listen on " + host + ":" + port + ": " + why, e);
    }
    return new IllegalStateException("the ops server cannot start on " + host + ":" + port + ": " + e, e);
  }

  public String url() {
    String host = server.getAddress().getHostString();
    // An IPv6 address is bracketed in a URL (RFC 3986): http://[::1]:8080/, not http://0:0:…:1:8080/.
    return "http://" + (server.getAddress().getAddress() instanceof java.net.Inet6Address
        ? "[" + server.getAddress().getAddress().getHostAddress() + "]" : host) + ":" + server.getAddress().getPort() + "/";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public ConsoleStats stats() {
    return stats;
  }

  private void route(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if ((path.equals("/") || path.equals("/index.html") || path.startsWith("/api/")) && !hostAllowed(ex)) {
        // A loopback console answers only requests addressed to loopback: a web page whose domain
        // was re-pointed at 127.0.0.1 (DNS rebinding) cannot read the feed or publish inquiries.
        json(ex, 421, Map.of("error", "this console answers requests to localhost only"));
        return;
      }
      switch (path) {
        case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", parts.meters().scrape());
        case "/health/live" -> live(ex);
        case "/health/ready" -> ready(ex);
        case "/", "/index.html" -> console(ex);
        case "/api/stats" -> json(ex, 200, stats.snapshot());
        case "/api/tenants" -> json(ex, 200, parts.tenants());
        case "/api/events" -> events(ex);
        case "/api/faq-stats" -> faqStats(ex);
        case "/api/ask" -> {
          if ("POST".equals(method)) {
            ask(ex);
          } else {
            json(ex, 405, Map.of("error", "POST a JSON body {tenant, text, conversationId}"));
          }
        }
        default -> json(ex, 404, Map.of("error", "no such endpoint: " + path));
      }
    } catch (IOException e) {
      LOG.debug("ops request ended early: {}", e.toString()); // the client went away
    } catch (RuntimeException e) {
      LOG.warn("ops request {} failed", ex.getRequestURI(), e);
    }
  }

  /**
   * {@code GET /api/faq-stats?tenant=T[&limit=N]}: the tenant's helpfulness per FAQ entry and its
   * most frequent unanswered questions, from this instance's state stores ({@link FaqStatsQuery}).
   */
  private void faqStats(HttpExchange ex) throws IOException {
    if (parts.faqStats() == null) {
      json(ex, 503, Map.of("error", "this server has no statistics stores"));
      return;
    }
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    String tenant = query.get("tenant");
    if (tenant == null || tenant.isBlank()) {
      json(ex, 400, Map.of("error", "name the tenant: /api/faq-stats?tenant=<tenantId>[&limit=N]"));
      return;
    }
    int limit;
    try {
      limit = query.containsKey("limit") ? Integer.parseInt(query.get("limit")) : FAQ_STATS_DEFAULT_LIMIT;
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > FAQ_STATS_MAX_LIMIT) {
      json(ex, 400, Map.of("error", "limit must be a whole number from 1 to " + FAQ_STATS_MAX_LIMIT));
      return;
    }
    try {
      json(ex, 200, parts.faqStats().forTenant(tenant, limit));
    } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
      KafkaStreams.State state = parts.streamsState().get();
      // RUNNING, yet no store to read: this instance holds none of the statistics' partitions (more
      // instances than partitions, or they are moving), which waiting for RUNNING would not change.
      json(ex, 503, Map.of("error", state == KafkaStreams.State.RUNNING
          ? "this instance holds none of the statistics' partitions now (other instances process them, or they"
              + " are moving between instances): ask another instance, or read the compacted faq-stats topic"
          : "the statistics cannot be read while Kafka Streams is " + state + "; try again when it is RUNNING"));
    }
  }

  /** A query string's parameters, decoded; the first of a repeated name wins. */
  private static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private void live(HttpExchange ex) throws IOException {
    KafkaStreams.State state = parts.streamsState().get();
    // PENDING_ERROR never runs again: a client whose stream thread does not end stays in it.
    boolean alive = state != KafkaStreams.State.PENDING_ERROR && state != KafkaStreams.State.ERROR
        && state != KafkaStreams.State.NOT_RUNNING;
    json(ex, alive ? 200 : 503, Map.of("status", alive ? "UP" : "DOWN", "streams", state.name()));
  }

  private void ready(HttpExchange ex) throws IOException {
    List<String> problems = new ArrayList<>();
    KafkaStreams.State state = parts.streamsState().get();
    if (state != KafkaStreams.State.RUNNING) {
      problems.add("Kafka Streams is " + state + ", not RUNNING");
    }
    for (HealthCheck check : parts.readiness()) {
      check.problem().ifPresent(problems::add);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", problems.isEmpty() ? "UP" : "DOWN");
    body.put("streams", state.name());
    body.put("problems", problems);
    json(ex, problems.isEmpty() ? 200 : 503, body);
  }

  private void console(HttpExchange ex) throws IOException {
    try (InputStream in = OpsServer.class.getResourceAsStream(CONSOLE)) {
      if (in == null) {
        json(ex, 500, Map.of("error", "console page missing from the jar"));
        return;
      }
      send(ex, 200, "text/html; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Publishes an inquiry. Only a JSON body is taken, and only from the console's own origin: a
   * JSON POST from another page needs the browser to ask first (CORS), which this server never
   * allows, and a browser names the page's origin, which must then be the console's.
   */
  private void ask(HttpExchange ex) throws IOException {
    if (parts.publisher() == null) {
      json(ex, 503, Map.of("error", "this server has no inquiry publisher"));
      return;
    }
    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      json(ex, 415, Map.of("error", "send the inquiry as Content-Type: application/json"));
      return;
    }
    if (!sameOrigin(ex)) {
      json(ex, 403, Map.of("error", "inquiries are accepted from this console's own page only"));
      return;
    }
    byte[] bytes = ex.getRequestBody().readNBytes(MAX_ASK_BYTES + 1);
    if (bytes.length > MAX_ASK_BYTES) {
      json(ex, 413, Map.of("error", "the body is over " + MAX_ASK_BYTES / 1024 + " KiB"));
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(bytes);
    } catch (IOException e) {
      json(ex, 400, Map.of("error", "the body is not JSON: " + e.getMessage()));
      return;
    }
    String tenant = body == null ? "" : body.path("tenant").asText("").trim();
    String text = body == null ? "" : body.path("text").asText("").trim();
    if (tenant.isEmpty() || text.isEmpty()) {
      json(ex, 400, Map.of("error", "tenant and text are required"));
      return;
    }
    String conversation = body.path("conversationId").asText(null);
    if (conversation != null && (conversation.length() > 255 || conversation.chars().anyMatch(Character::isISOControl))) {
      json(ex, 400, Map.of("error", "conversationId must be at most 255 characters without control characters"));
      return;
    }
    Inquiry inquiry = InquiryPublisher.inquiry(tenant, conversation, "console", Channel.WEB_CHAT, text);
    try {
      parts.publisher().publish(inquiry);
    } catch (RuntimeException e) {
      LOG.warn("console inquiry could not be published", e);
      json(ex, 503, Map.of("error", "the inquiry could not be published: " + e.getMessage()));
      return;
    }
    json(ex, 202, Map.of("inquiryId", inquiry.getInquiryId(), "conversationId", inquiry.getConversationId()));
  }

  /** Whether a console request may be served: any Host when bound to a public address, loopback names otherwise. */
  private boolean hostAllowed(HttpExchange ex) {
    if (!server.getAddress().getAddress().isLoopbackAddress()) {
      return true;
    }
    String host = hostName(ex.getRequestHeaders().getFirst("Host"));
    // An address, not a name that starts like one: 127.attacker.example can be pointed at 127.0.0.1.
    return host == null || host.equals("localhost") || LOOPBACK_V4.matcher(host).matches() || loopbackV6(host);
  }

  /** {@code [::1]} in any spelling ({@code [0:0:0:0:0:0:0:1]}, as {@link #url} prints it); a literal, so no lookup. */
  private static boolean loopbackV6(String host) {
    if (!LITERAL_V6.matcher(host).matches()) {
      return false;
    }
    try {
      return java.net.InetAddress.getByName(host.substring(1, host.length() - 1)).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Without an Origin header (curl, scripts) the request is not a browser's cross-site one. */
  private static boolean sameOrigin(HttpExchange ex) {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (origin == null) {
      return true;
    }
    String host = ex.getRequestHeaders().getFirst("Host");
    try {
      java.net.URI uri = java.net.URI.create(origin);
      String authority = uri.getRawAuthority();
      return authority != null && host != null && authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The host part of a Host header ({@code name:port}, {@code [v6]:port}), lower case; null if absent. */
  private static String hostName(String hostHeader) {
    if (hostHeader == null) {
      return null;
    }
    String h = hostHeader.trim().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  private void events(HttpExchange ex) throws IOException {
    BlockingQueue<String> queue = events.subscribe(MAX_EVENT_CLIENTS);
    if (queue == null) {
      json(ex, 503, Map.of("error", "too many open event streams (" + MAX_EVENT_CLIENTS + ")"));
      return;
    }
    try (OutputStream out = ex.getResponseBody()) {
      ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      ex.sendResponseHeaders(200, 0);
      out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (!closed) {
        String json = queue.poll(15, TimeUnit.SECONDS);
        // A comment line every 15 s keeps proxies from closing an idle stream and detects gone clients.
        String frame = json == null ? ": keep-alive\n\n" : "data: " + json + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      events.unsubscribe(queue);
    }
  }

  private static void json(HttpExchange ex, int status, Object body) throws IOException {
    send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsString(body));
  }

  private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }
}
