package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ticketflow.devstack.llm.FakeOpenAiServer;
import io.ticketflow.devstack.llm.FakeResponse;
import io.ticketflow.match.FaqCandidate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** openai-java's async client against the fake OpenAI-compatible server on loopback. */
class OpenAiAnswerClientTest {
  static final String KEY = "sk-test-ticketflow-0123456789abcdef";
  private final FakeOpenAiServer server = FakeOpenAiServer.start();
  private final OpenAiAnswerClient client = new OpenAiAnswerClient(server.baseUrl(), KEY, Duration.ofSeconds(2), 400);
  private final LlmPrompt prompt = new PromptBuilder(new PromptTemplates(null), "gpt-4o-mini").answer("acme", "en",
      "How do refunds work?", List.of(new FaqCandidate("refund-policy", "Refund policy?", "Within 7 days.", "en", 0.6)),
      List.of());

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  private LlmCompletion call() throws Exception {
    return client.complete(prompt).get(10, TimeUnit.SECONDS);
  }

  private LlmCallException failure() {
    Throwable thrown = catchThrowable(() -> client.complete(prompt).join());
    assertThat(thrown).isInstanceOf(CompletionException.class);
    assertThat(thrown.getCause()).isInstanceOf(LlmCallException.class);
    assertThat(thrown.getCause().getMessage()).doesNotContain(KEY);
    return (LlmCallException) thrown.getCause();
  }

  @Test
  void structuredAnswerComesBackWithUsage() throws Exception {
    LlmCompletion completion = call();

    assertThat(LlmAnswerValidator.parse(completion.content()).citedFaqIds()).containsExactly("refund-policy");
    assertThat(completion.promptTokens()).isPositive();
    assertThat(completion.completionTokens()).isPositive();
    assertThat(completion.model()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void requestAsksForTheStructuredOutputSchemaAndCarriesTheKeyOnlyInTheHeader() throws Exception {
    call();

    FakeOpenAiServer.RecordedRequest request = server.requests().get(0);
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.body().toString()).doesNotContain(KEY);
    assertThat(request.body().path("response_format").path("type").asText()).isEqualTo("json_schema");
    assertThat(request.body().path("response_format").path("json_schema").path("strict").asBoolean()).isTrue();
    assertThat(request.body().path("response_format").path("json_schema").path("schema").path("required"))
        .hasSize(5);
    assertThat(request.body().path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(request.allText()).contains("[FAQ id=refund-policy]").contains("<customer_message>");
  }

  @Test
  void concurrentCallsKeepTheirConnectionsForTheNextCalls() throws Exception {
    server.latency(Duration.ofMillis(50));
    for (int wave = 0; wave < 3; wave++) {
      List<java.util.concurrent.CompletableFuture<LlmCompletion>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(client.complete(prompt));
      }
      java.util.concurrent.CompletableFuture.allOf(calls.toArray(new java.util.concurrent.CompletableFuture<?>[0]))
          .get(10, TimeUnit.SECONDS);
    }

    assertThat(server.requests()).hasSize(60);
    assertThat(server.connections()).as("OkHttp's default pool keeps only 5 idle connections")
        .isGreaterThan(5).isLessThanOrEqualTo(20);
  }

  @Test
  void rateLimitIsClassifiedWithItsRetryAfter() {
    server.respondWith(r -> FakeResponse.rateLimited(7));
    LlmCallException e = failure();
    assertThat(e.kind()).isEqualTo(LlmCallException.Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void serverErrorIsRetryable() {
    server.respondWith(r -> FakeResponse.serverError());
    assertThat(failure().kind()).isEqualTo(LlmCallException.Kind.SERVER_ERROR);
  }

  /** A 503 with Retry-After (a server in maintenance or overloaded) is waited for like a 429. */
  @Test
  void anUnavailableServersRetryAfterIsKept() {
    server.respondWith(r -> new FakeResponse(FakeResponse.Kind.STATUS, null, 503,
        "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}", java.util.Optional.of(4),
        Duration.ZERO));
    LlmCallException e = failure();
    assertThat(e.kind()).isEqualTo(LlmCallException.Kind.SERVER_ERROR);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
  }

  @Test
  void droppedConnectionAndRefusedConnectionAreIo() {
    server.respondWith(r -> FakeResponse.dropConnection());
    assertThat(failure().kind()).isIn(LlmCallException.Kind.IO, LlmCallException.Kind.TIMEOUT);
    server.goDown();
    assertThat(failure().kind()).isEqualTo(LlmCallException.Kind.IO);
  }

  @Test
  void slowServerIsATimeout() {
    server.respondWith(r -> FakeOpenAiServer.citeFirstFaq(r).after(Duration.ofSeconds(4)));
    assertThat(failure().kind()).isEqualTo(LlmCallException.Kind.TIMEOUT);
  }

  @Test
  void malformedHttpBodyIsAFailureNotAnAnswer() {
    server.respondWith(r -> FakeResponse.malformedBody());
    assertThat(failure().kind()).isIn(LlmCallException.Kind.SERVER_ERROR, LlmCallException.Kind.IO);
  }

  /** OpenAI answers 429 insufficient_quota when billing is exhausted: waiting does not help. */
  @Test
  void anExhaustedQuotaIsNotRetriedLikeARateLimit() {
    server.respondWith(r -> new FakeResponse(FakeResponse.Kind.STATUS, null, 429,
        "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\","
            + "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}",
        java.util.Optional.empty(), Duration.ZERO));
    LlmCallException e = failure();
    assertThat(e.kind().retryable()).as(e.kind().name()).isFalse();
    assertThat(e.getMessage()).contains("insufficient_quota");
  }

  /** Some OpenAI-compatible servers leave out fields OpenAI always sends: the answer still counts. */
  @Test
  void anAnswerWithoutModelIdOrCreatedIsStillAnAnswer() throws Exception {
    String content = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
        "{\"answer\":\"Within 7 days.\",\"confidence\":0.9,\"citedFaqIds\":[\"refund-policy\"],"
            + "\"needsHuman\":false,\"language\":\"en\"}");
    server.respondWith(r -> new FakeResponse(FakeResponse.Kind.RAW_BODY, null, 200,
        "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
            + "\"message\":{\"role\":\"assistant\",\"content\":" + content + "}}],"
            + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}",
        java.util.Optional.empty(), Duration.ZERO));

    LlmCompletion completion = call();

    assertThat(LlmAnswerValidator.parse(completion.content()).answer()).isEqualTo("Within 7 days.");
    assertThat(completion.promptTokens()).isEqualTo(10);
  }

  @Test
  void tokensAreEstimatedHighRatherThanLowWhenAServerReportsNone() {
    assertThat(OpenAiAnswerClient.estimatedTokens("")).isZero();
    assertThat(OpenAiAnswerClient.estimatedTokens("退款多久到账")).isEqualTo(6);
    assertThat(OpenAiAnswerClient.estimatedTokens("Can I get my money back?")).isEqualTo(8); // 24 characters
    assertThat(OpenAiAnswerClient.estimatedTokens("iPhone退款")).isEqualTo(2 + 2);
  }
}
