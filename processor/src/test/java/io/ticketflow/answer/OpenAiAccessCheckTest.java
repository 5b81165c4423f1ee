package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start-up check of the key and model against a model server's {@code GET /models}. */
class OpenAiAccessCheckTest {
  private static final String SECRET = "sk-test-do-not-show-0123456789";
  private final AtomicReference<Integer> status = new AtomicReference<>(200);
  private final AtomicReference<String> body = new AtomicReference<>("");
  private final AtomicReference<String> seenKey = new AtomicReference<>();
  private HttpServer server;
  private OpenAiAnswerClient client;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/models", ex -> {
      seenKey.set(ex.getRequestHeaders().getFirst("Authorization"));
      byte[] out = body.get().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status.get(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        ex.getResponseBody().write(out);
      }
      ex.close();
    });
    server.start();
    client = new OpenAiAnswerClient("http://127.0.0.1:" + server.getAddress().getPort() + "/v1", SECRET,
        Duration.ofSeconds(5), 300);
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  private Optional<String> check(String model) throws Exception {
    return client.checkAccess(model).get(10, TimeUnit.SECONDS);
  }

  private static String models(String... ids) {
    StringBuilder data = new StringBuilder();
    for (String id : ids) {
      data.append(data.length() == 0 ? "" : ",")
          .append("{\"id\":\"").append(id).append("\",\"object\":\"model\",\"created\":1,\"owned_by\":\"x\"}");
    }
    return "{\"object\":\"list\",\"data\":[" + data + "]}";
  }

  @Test
  void aRefusedKeyIsReportedWithoutTheKey() throws Exception {
    status.set(401);
    body.set("{\"error\":{\"message\":\"Incorrect API key provided: " + SECRET + "\",\"type\":\"invalid_request_error\","
        + "\"code\":\"invalid_api_key\"}}");
    Optional<String> problem = check("gpt-4o-mini");
    assertThat(seenKey.get()).isEqualTo("Bearer " + SECRET);
    assertThat(problem).hasValueSatisfying(p -> assertThat(p)
        .contains("refused the API key (HTTP 401)").contains("OPENAI_API_KEY").doesNotContain(SECRET));
    status.set(403);
    assertThat(check("gpt-4o-mini")).hasValueSatisfying(p -> assertThat(p).contains("HTTP 403"));
  }

  @Test
  void aModelTheServerDoesNotListIsReported() throws Exception {
    body.set(models("gpt-4o", "gpt-4.1-mini"));
    assertThat(check("gpt-4o-mini")).hasValueSatisfying(p -> assertThat(p)
        .contains("does not list llm.model gpt-4o-mini").contains("gpt-4o, gpt-4.1-mini"));
    assertThat(check("gpt-4o")).isEmpty();
  }

  /** Not every OpenAI-compatible server lists its models: no answer is no problem. */
  @Test
  void aServerWithoutAModelListOrNotReachableIsNoProblem() throws Exception {
    status.set(404);
    body.set("{\"error\":{\"message\":\"not found\"}}");
    assertThat(check("gpt-4o-mini")).isEmpty();
    status.set(200);
    body.set("not json");
    assertThat(check("gpt-4o-mini")).isEmpty();
    body.set(models());
    assertThat(check("gpt-4o-mini")).as("an empty list").isEmpty();
    server.stop(0);
    assertThat(check("gpt-4o-mini")).isEmpty();
  }
}
