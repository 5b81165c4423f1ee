package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ticketflow.devstack.llm.FakeOpenAiServer;
import io.ticketflow.devstack.llm.FakeResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilientAnswerClientTest {
  private final FakeOpenAiServer server = FakeOpenAiServer.start();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ResilientAnswerClient.Policy policy = new ResilientAnswerClient.Policy(Duration.ofSeconds(2), 4,
      Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2), 10, 50f, Duration.ofSeconds(60));
  private final ResilientAnswerClient client = new ResilientAnswerClient(
      new OpenAiAnswerClient(server.baseUrl(), OpenAiAnswerClientTest.KEY, Duration.ofSeconds(2), 400), policy, scheduler);
  private final LlmPrompt prompt = new LlmPrompt("acme", "gpt-4o-mini",
      List.of(new LlmPrompt.Message(LlmPrompt.Role.USER, "[FAQ id=a] hello")));

  @AfterEach
  void close() {
    client.close();
    server.close();
    scheduler.shutdownNow();
  }

  private LlmCallException failure() {
    Throwable thrown = catchThrowable(() -> client.complete(prompt).get(30, TimeUnit.SECONDS));
    assertThat(thrown.getCause()).isInstanceOf(LlmCallException.class);
    return (LlmCallException) thrown.getCause();
  }

  @Test
  void rateLimitsAreRetriedAfterTheServersRetryAfter() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server.respondWith(r -> calls.incrementAndGet() <= 2 ? FakeResponse.rateLimited(1) : FakeResponse.content("{}"));
    long started = System.nanoTime();

    LlmCompletion completion = client.complete(prompt).get(30, TimeUnit.SECONDS);

    assertThat(completion.attempts()).isEqualTo(3);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(client.isOpen()).as("429s do not open the breaker").isFalse();
  }

  @Test
  void serverErrorsAreRetriedUpToTheLimitThenReportedWithTheAttemptCount() {
    server.respondWith(r -> FakeResponse.serverError());

    LlmCallException e = failure();

    assertThat(e.kind()).isEqualTo(LlmCallException.Kind.SERVER_ERROR);
    assertThat(e.attempts()).isEqualTo(4);
    assertThat(server.requests()).hasSize(4);
  }

  @Test
  void clientErrorsAreNotRetried() {
    server.respondWith(r -> new FakeResponse(FakeResponse.Kind.STATUS, null, 401,
        "{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\"}}",
        java.util.Optional.empty(), Duration.ZERO));

    LlmCallException e = failure();

    assertThat(e.kind()).isEqualTo(LlmCallException.Kind.CLIENT_ERROR);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void anOutageOpensTheBreakerAndLaterCallsFailWithoutReachingTheServer() {
    server.goDown();
    for (int i = 0; i < 3; i++) {
      failure();
    }
    assertThat(client.isOpen()).isTrue();
    server.comeBack();

    LlmCallException e = failure();

    assertThat(e.kind()).isEqualTo(LlmCallException.Kind.CIRCUIT_OPEN);
    assertThat(server.requests()).isEmpty();
  }
}
