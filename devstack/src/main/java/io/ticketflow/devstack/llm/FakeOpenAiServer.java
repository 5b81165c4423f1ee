package io.ticketflow.devstack.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/chat/completions} on 127.0.0.1, answering like an OpenAI-compatible server.
 * What it answers is a {@link Function} from the request to a {@link FakeResponse} (by default a
 * structured answer citing the first FAQ entry in the system prompt). Latency is simulated with a
 * scheduler, so hundreds of requests can be in flight without hundreds of threads.
 *
 * <p>{@link #goDown()} closes the port (connections are refused) and {@link #comeBack()} opens the
 * same port again, for outage tests.
 */
public final class FakeOpenAiServer implements AutoCloseable {
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FAQ_ID = Pattern.compile("\\[FAQ id=([^\\]]+)]");

  /** One request as the server saw it. */
  public record RecordedRequest(String path, Map<String, List<String>> headers, JsonNode body) {
    /** All message contents, concatenated. */
    public String allText() {
      StringBuilder text = new StringBuilder();
      body.path("messages").forEach(m -> text.append(m.path("content").asText()).append('\n'));
      return text.toString();
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }
  }

  private final int port;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("fake-openai-timer"));
  private final ExecutorService handlers = Executors.newCachedThreadPool(daemon("fake-openai-http"));
  /** Not copy-on-write: a benchmark records thousands of requests, and every add copied them all. */
  private final List<RecordedRequest> requests = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong served = new AtomicLong();
  private final java.util.Set<java.net.InetSocketAddress> clients = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile Function<RecordedRequest, FakeResponse> responder = FakeOpenAiServer::citeFirstFaq;
  private volatile Duration latency = Duration.ZERO;
  private HttpServer server;

  private FakeOpenAiServer(int port) {
    this.port = port;
  }

  /** Starts on a free port. */
  public static FakeOpenAiServer start() {
    FakeOpenAiServer fake = new FakeOpenAiServer(0);
    fake.open(0);
    return fake;
  }

  /** The base URL to give an OpenAI client, ending in {@code /v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public synchronized int port() {
    return server != null ? server.getAddress().getPort() : port;
  }

  /** What to answer from now on. */
  public FakeOpenAiServer respondWith(Function<RecordedRequest, FakeResponse> responder) {
    this.responder = responder;
    return this;
  }

  /** How long each answer takes from now on. */
  public FakeOpenAiServer latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  /** Closes the port: new connections are refused until {@link #comeBack()}. */
  public synchronized void goDown() {
    if (server != null) {
      int current = server.getAddress().getPort();
      server.stop(0);
      server = null;
      lastPort = current;
    }
  }

  private int lastPort;

  /** Opens the same port again. */
  public synchronized void comeBack() {
    if (server == null) {
      open(lastPort);
    }
  }

  private synchronized void open(int onPort) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 512);
    } catch (IOException e) {
      throw new UncheckedIOException("fake OpenAI server cannot listen on 127.0.0.1:" + onPort, e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The most requests that were ever being answered at once. */
  public int maxConcurrentRequests() {
    return maxInFlight.get();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public long served() {
    return served.get();
  }

  /**
   * How many TCP connections requests came on since the last {@link #clearRequests()}: a client
   * that keeps its connections alive opens about as many as it runs requests at once.
   */
  public int connections() {
    return clients.size();
  }

  public void clearRequests() {
    requests.clear();
    clients.clear();
    maxInFlight.set(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!exchange.getRequestMethod().equals("POST") || !path.endsWith("/chat/completions")) {
      send(exchange, 404, "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}");
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(exchange.getRequestBody());
    } catch (IOException e) {
      send(exchange, 400, "{\"error\":{\"message\":\"invalid JSON\",\"type\":\"invalid_request_error\"}}");
      return;
    }
    RecordedRequest request = new RecordedRequest(path, Map.copyOf(exchange.getRequestHeaders()), body);
    clients.add(exchange.getRemoteAddress());
    requests.add(request);
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    FakeResponse response;
    try {
      response = responder.apply(request);
    } catch (RuntimeException e) {
      response = FakeResponse.serverError();
    }
    FakeResponse chosen = response;
    Duration delay = latency.plus(chosen.extraDelay());
    // Answered on the timer thread itself: a response is a few hundred bytes, written at once, and
    // one thread hand-off less per request matters when the benchmark shares a busy machine.
    scheduler.schedule(() -> finish(exchange, request, chosen), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void finish(HttpExchange exchange, RecordedRequest request, FakeResponse response) {
    // No longer being answered from here on: a client may send its next request as soon as it has
    // read this response, before this thread returns from writing it, and that request must not
    // count as one more at once.
    inFlight.decrementAndGet();
    try {
      switch (response.kind()) {
        case DROP_CONNECTION -> exchange.close();
        case STATUS -> {
          response.retryAfterSeconds().ifPresent(s -> exchange.getResponseHeaders().set("Retry-After", String.valueOf(s)));
          send(exchange, response.status(), response.rawBody());
        }
        case RAW_BODY -> send(exchange, 200, response.rawBody());
        case ANSWER -> send(exchange, 200, completion(request, response.content()));
      }
      served.incrementAndGet();
    } catch (IOException e) {
      // The client gave up (timeout) and closed the connection: nothing to answer.
    }
  }

  private static String completion(RecordedRequest request, String content) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-fake-" + System.nanoTime());
    root.put("object", "chat.completion");
    root.put("created", System.currentTimeMillis() / 1000);
    root.put("model", request.body().path("model").asText("fake-model"));
    ArrayNode choices = root.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    choice.put("finish_reason", "stop");
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    int promptTokens = Math.max(1, promptChars(request.body()) / 4);
    int completionTokens = Math.max(1, content.length() / 4);
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    return root.toString();
  }

  /**
   * The characters of all message contents, as {@link RecordedRequest#allText()} would hold them,
   * without building that text: the token estimate runs on every request, and copying the prompt
   * into a new string per request was measurable in the benchmark.
   */
  private static int promptChars(JsonNode body) {
    int chars = 0;
    for (JsonNode message : body.path("messages")) {
      JsonNode content = message.path("content");
      chars += (content.isTextual() ? content.textValue().length() : content.asText().length()) + 1;
    }
    return chars;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The FAQ ids in the request's system prompt, in order. */
  public static List<String> faqIds(RecordedRequest request) {
    List<String> ids = new ArrayList<>();
    Matcher matcher = FAQ_ID.matcher(request.body().path("messages").path(0).path("content").asText());
    while (matcher.find()) {
      ids.add(matcher.group(1));
    }
    return ids;
  }

  /**
   * The default: a confident answer citing the first FAQ entry, or asking for a human if none; in
   * Chinese when the customer's message holds Chinese characters, as a real model told to reply in
   * the customer's language would (the processor escalates an answer in the wrong language).
   */
  public static FakeResponse citeFirstFaq(RecordedRequest request) {
    List<String> ids = faqIds(request);
    boolean chinese = lastMessage(request).codePoints()
        .anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    if (ids.isEmpty()) {
      return chinese
          ? FakeResponse.answer("我为您转接一位同事。", 0.2, List.of(), true, "zh")
          : FakeResponse.answer("I will connect you with a colleague.", 0.2, List.of(), true, "en");
    }
    return chinese
        ? FakeResponse.answer("以下是我们常见问题的解答（" + ids.get(0) + "）。", 0.9, List.of(ids.get(0)), false, "zh")
        : FakeResponse.answer("Here is what our FAQ says (" + ids.get(0) + ").", 0.9, List.of(ids.get(0)), false, "en");
  }

  /** The content of the request's last message: the customer's, fenced. */
  private static String lastMessage(RecordedRequest request) {
    JsonNode messages = request.body().path("messages");
    return messages.size() == 0 ? "" : messages.get(messages.size() - 1).path("content").asText();
  }

  @Override
  public void close() {
    goDown();
    scheduler.shutdownNow();
    handlers.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
