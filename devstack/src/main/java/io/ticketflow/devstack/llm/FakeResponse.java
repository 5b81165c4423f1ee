package io.ticketflow.devstack.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the fake server does with one request: answer, fail with a status, or misbehave. */
public record FakeResponse(Kind kind, String content, int status, String rawBody,
    Optional<Integer> retryAfterSeconds, Duration extraDelay) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The shapes of response. */
  public enum Kind { ANSWER, STATUS, RAW_BODY, DROP_CONNECTION }

  /** A completion whose message content is {@code content}, verbatim. */
  public static FakeResponse content(String content) {
    return new FakeResponse(Kind.ANSWER, content, 200, null, Optional.empty(), Duration.ZERO);
  }

  /** A completion with a well-formed structured answer. */
  public static FakeResponse answer(String answer, double confidence, List<String> citedFaqIds,
      boolean needsHuman, String language) {
    ObjectNode node = JSON.createObjectNode();
    node.put("answer", answer);
    node.put("confidence", confidence);
    citedFaqIds.forEach(node.putArray("citedFaqIds")::add);
    if (!node.has("citedFaqIds")) {
      node.putArray("citedFaqIds");
    }
    node.put("needsHuman", needsHuman);
    node.put("language", language);
    return content(node.toString());
  }

  /** 429 with a Retry-After in seconds. */
  public static FakeResponse rateLimited(int retryAfterSeconds) {
    return new FakeResponse(Kind.STATUS, null, 429,
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
        Optional.of(retryAfterSeconds), Duration.ZERO);
  }

  /** 500. */
  public static FakeResponse serverError() {
    return new FakeResponse(Kind.STATUS, null, 500,
        "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}", Optional.empty(), Duration.ZERO);
  }

  /** HTTP 200 whose body is not JSON at all. */
  public static FakeResponse malformedBody() {
    return new FakeResponse(Kind.RAW_BODY, null, 200, "{\"id\": \"chatcmpl-broken\", \"choices\": [", Optional.empty(), Duration.ZERO);
  }

  /** The connection is closed without an answer. */
  public static FakeResponse dropConnection() {
    return new FakeResponse(Kind.DROP_CONNECTION, null, 0, null, Optional.empty(), Duration.ZERO);
  }

  /** This response, after an extra delay (e.g. longer than the client's timeout). */
  public FakeResponse after(Duration delay) {
    return new FakeResponse(kind, content, status, rawBody, retryAfterSeconds, extraDelay.plus(delay));
  }
}
