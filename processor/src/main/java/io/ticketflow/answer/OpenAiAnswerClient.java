package io.ticketflow.answer;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.JsonValue;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat completions API through openai-java's async client, against any OpenAI-compatible
 * base URL. Asks for structured output with {@link #ANSWER_SCHEMA}. openai-java's own retries are
 * off: {@link ResilientAnswerClient} owns the retry policy, so attempts are counted and audited in
 * one place.
 *
 * <p>The API key goes to openai-java once, which sends it only in the Authorization header; it is
 * never part of a message, log line or exception here.
 */
public final class OpenAiAnswerClient implements AnswerClient {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiAnswerClient.class);
  /** The JSON schema of the structured answer every prompt asks for. */
  public static final Map<String, Object> ANSWER_SCHEMA = Map.of(
      "type", "object",
      "properties", Map.of(
          "answer", Map.of("type", "string"),
          "confidence", Map.of("type", "number"),
          "citedFaqIds", Map.of("type", "array", "items", Map.of("type", "string")),
          "needsHuman", Map.of("type", "boolean"),
          "language", Map.of("type", "string")),
      "required", List.of("answer", "confidence", "citedFaqIds", "needsHuman", "language"),
      "additionalProperties", false);

  /**
   * openai-java's OkHttp dispatcher runs at most 64 requests at once per client and offers no
   * setting for it, so concurrency above that comes from a small pool of clients, used in turn.
   */
  static final int REQUESTS_PER_CLIENT = 64;
  /** How long an idle connection is kept (OkHttp's default). */
  private static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

  private final OpenAIClientAsync[] clients;
  private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
  private final ResponseFormatJsonSchema responseFormat;
  private final long maxCompletionTokens;
  /** Said once per client: a server either reports usage or does not. */
  private volatile boolean warnedOfMissingUsage;

  /**
   * @param baseUrl e.g. {@code https://api.openai.com/v1} or a local server's {@code http://127.0.0.1:8000/v1}
   * @param apiKey the key; from the environment only
   */
  public OpenAiAnswerClient(String baseUrl, String apiKey, Duration timeout, long maxCompletionTokens) {
    this(baseUrl, apiKey, timeout, maxCompletionTokens, REQUESTS_PER_CLIENT);
  }

  /** @param maxConcurrent how many calls may run at once */
  public OpenAiAnswerClient(String baseUrl, String apiKey, Duration timeout, long maxCompletionTokens,
      int maxConcurrent) {
    Objects.requireNonNull(apiKey, "apiKey");
    this.clients = new OpenAIClientAsync[Math.max(1, (maxConcurrent + REQUESTS_PER_CLIENT - 1) / REQUESTS_PER_CLIENT)];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = OpenAIOkHttpClientAsync.builder()
          .baseUrl(baseUrl)
          .apiKey(apiKey)
          .timeout(timeout)
          .maxRetries(0)
          // OkHttp keeps 5 idle connections by default: with more calls in flight, most
          // connections were closed after their answer and the next call opened a new one (892
          // connections for 2,000 calls in the benchmark).
          .maxIdleConnections(REQUESTS_PER_CLIENT)
          .keepAliveDuration(KEEP_ALIVE)
          .build();
    }
    ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
    ANSWER_SCHEMA.forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
    this.responseFormat = ResponseFormatJsonSchema.builder()
        .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
            .name("faq_grounded_answer").strict(true).schema(schema.build()).build())
        .build();
    this.maxCompletionTokens = maxCompletionTokens;
  }

  /**
   * Asks the server once whether it takes the key and serves {@code model} ({@code GET /models}),
   * so that a wrong key or model name shows at start instead of in the first inquiries' escalations.
   * Completes with the problem, or empty when none was seen, also when the server cannot be reached
   * or lists no models (not every OpenAI-compatible server does); never exceptionally.
   */
  public CompletableFuture<Optional<String>> checkAccess(String model) {
    CompletableFuture<com.openai.models.models.ModelListPageAsync> listed;
    try {
      listed = clients[0].models().list();
    } catch (RuntimeException e) {
      listed = CompletableFuture.failedFuture(e);
    }
    return listed.handle((page, failure) -> {
      if (failure != null) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof OpenAIServiceException service && (service.statusCode() == 401 || service.statusCode() == 403)) {
          return Optional.of("the model server refused " + (service.statusCode() == 401 ? "the API key"
              : "access (the key, its project or its region)") + " (HTTP " + service.statusCode() + "): inquiries"
              + " the FAQ cannot answer will be escalated (LLM_UNAVAILABLE) until " + LlmSettings.ENV_API_KEY
              + " holds a key it takes");
        }
        LOG.debug("The model server did not list its models: {}", e.getClass().getSimpleName());
        return Optional.empty();
      }
      try {
        List<String> ids = page.data().stream().map(com.openai.models.models.Model::id).toList();
        if (ids.isEmpty() || ids.contains(model) || page.hasNextPage()) {
          return Optional.empty();
        }
        return Optional.of("the model server does not list llm.model " + model + " among its models ("
            + String.join(", ", ids.subList(0, Math.min(ids.size(), 10))) + (ids.size() > 10 ? ", …" : "")
            + "): if calls for it fail, inquiries the FAQ cannot answer will be escalated");
      } catch (RuntimeException e) {
        LOG.debug("The model server's list of models was not readable: {}", e.getClass().getSimpleName());
        return Optional.empty();
      }
    });
  }

  @Override
  public CompletableFuture<LlmCompletion> complete(LlmPrompt prompt) {
    ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
        .model(prompt.model())
        .responseFormat(responseFormat)
        .maxCompletionTokens(maxCompletionTokens);
    for (LlmPrompt.Message message : prompt.messages()) {
      switch (message.role()) {
        case SYSTEM -> params.addSystemMessage(message.content());
        case USER -> params.addUserMessage(message.content());
        case ASSISTANT -> params.addAssistantMessage(message.content());
      }
    }
    long started = System.nanoTime();
    CompletableFuture<ChatCompletion> call;
    try {
      call = clients[Math.floorMod(next.getAndIncrement(), clients.length)].chat().completions().create(params.build());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(classify(e));
    }
    return call.handle((completion, failure) -> {
      if (failure != null) {
        throw classify(failure);
      }
      return toCompletion(prompt, completion, (System.nanoTime() - started) / 1_000_000);
    });
  }

  private LlmCompletion toCompletion(LlmPrompt prompt, ChatCompletion completion, long millis) {
    String content = completion.choices().isEmpty() ? ""
        : completion.choices().get(0).message().content().orElse("");
    // Read leniently: an OpenAI-compatible server may leave out fields OpenAI always sends (the
    // model's name, a usage count), and the strict accessors would throw for an answer that is there.
    java.util.Optional<com.openai.models.completions.CompletionUsage> usage = completion._usage().asKnown();
    OptionalInt prompted = usage.flatMap(u -> u._promptTokens().asKnown())
        .map(n -> OptionalInt.of(n.intValue())).orElse(OptionalInt.empty());
    OptionalInt generated = usage.flatMap(u -> u._completionTokens().asKnown())
        .map(n -> OptionalInt.of(n.intValue())).orElse(OptionalInt.empty());
    if (prompted.isEmpty() || generated.isEmpty()) {
      // Counted as 0, such calls would cost nothing and token and USD budgets would never apply.
      if (!warnedOfMissingUsage) {
        warnedOfMissingUsage = true;
        LOG.warn("The model server sent a response without token usage: its tokens are estimated from the"
            + " text (about one per Chinese character, one per three other characters) for the audit,"
            + " the metrics and llm.budget.*");
      }
    }
    int promptTokens = prompted.orElseGet(() -> estimatedTokens(prompt.messages().stream()
        .map(LlmPrompt.Message::content).reduce("", String::concat)));
    int completionTokens = generated.orElseGet(() -> estimatedTokens(content));
    return new LlmCompletion(content, completion._model().asKnown().orElse(null), promptTokens, completionTokens,
        millis, 1);
  }

  /**
   * A rough token count for a server that reports none: the model behind an OpenAI-compatible
   * server is unknown, so no tokenizer library would count it exactly. It leans high (one token per
   * Han character, one per three others), so that budgets hold rather than overrun.
   */
  static int estimatedTokens(String text) {
    int han = 0;
    int other = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
        han++;
      } else {
        other++;
      }
      i += Character.charCount(cp);
    }
    return han + (other + 2) / 3;
  }

  /** Maps openai-java's exceptions to the kinds the resilience policy acts on. */
  static LlmCallException classify(Throwable failure) {
    Throwable e = failure;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof LlmCallException known) {
      return known;
    }
    if (e instanceof OpenAIServiceException service) {
      int status = service.statusCode();
      String message = "model server answered HTTP " + status
          + service.code().map(c -> " (" + c + ")").orElse("");
      if (status == 429 && service.code().filter("insufficient_quota"::equals).isPresent()) {
        // OpenAI's answer when the account's credit or quota is spent: no Retry-After, and waiting
        // seconds does not help, so it is not retried like a rate limit.
        return new LlmCallException(LlmCallException.Kind.CLIENT_ERROR, message, null, null);
      }
      if (status == 429) {
        return new LlmCallException(LlmCallException.Kind.RATE_LIMITED, message,
            retryAfter(service.headers().values("retry-after-ms"), service.headers().values("retry-after")), null);
      }
      if (status == 408 || status >= 500) {
        // A 503's Retry-After says how long the server expects to be unavailable (RFC 9110 §10.2.3):
        // waited for like a 429's, rather than retrying into it after the backoff.
        return new LlmCallException(LlmCallException.Kind.SERVER_ERROR, message,
            retryAfter(service.headers().values("retry-after-ms"), service.headers().values("retry-after")), null);
      }
      return new LlmCallException(LlmCallException.Kind.CLIENT_ERROR, message, null, null);
    }
    if (e instanceof TimeoutException || e instanceof InterruptedIOException
        || (e instanceof OpenAIIoException && e.getCause() instanceof InterruptedIOException)) {
      return new LlmCallException(LlmCallException.Kind.TIMEOUT, "no answer in time", null, null);
    }
    if (e instanceof OpenAIIoException || e instanceof java.io.IOException) {
      Throwable root = e.getCause() != null ? e.getCause() : e;
      return new LlmCallException(LlmCallException.Kind.IO,
          "cannot reach the model server: " + root.getClass().getSimpleName(), null, null);
    }
    // Unexpected: keep the type, not the message, which could quote request data.
    return new LlmCallException(LlmCallException.Kind.SERVER_ERROR,
        "unexpected failure " + e.getClass().getName(), null, null);
  }

  /** Retry-After as milliseconds (OpenAI's retry-after-ms), seconds, or an HTTP date. */
  static Duration retryAfter(List<String> millisHeader, List<String> header) {
    try {
      if (!millisHeader.isEmpty()) {
        return Duration.ofMillis((long) Double.parseDouble(millisHeader.get(0).trim()));
      }
      if (!header.isEmpty()) {
        String value = header.get(0).trim();
        if (value.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
          return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
        }
        Duration until = Duration.between(ZonedDateTime.now(),
            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
        return until.isNegative() ? Duration.ZERO : until;
      }
    } catch (RuntimeException ignored) {
      // An unreadable Retry-After is treated as absent: the backoff applies.
    }
    return null;
  }

  @Override
  public void close() {
    for (OpenAIClientAsync client : clients) {
      client.close();
    }
  }
}
