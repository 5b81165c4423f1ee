package io.ticketflow.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks the model's structured output before anything reaches a customer: it must be the JSON
 * object the schema asks for, with a non-empty answer within the length limit, citing only FAQ
 * entries that were in the prompt, confident enough, and not asking for a human. Anything else
 * becomes {@link LlmVerdict.NeedsHuman} with the draft (if there is one) for the agent.
 */
public final class LlmAnswerValidator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final double minConfidence;
  private final int maxAnswerLength;

  public LlmAnswerValidator(double minConfidence, int maxAnswerLength) {
    this.minConfidence = minConfidence;
    this.maxAnswerLength = maxAnswerLength;
  }

  /** @param knownFaqIds the ids of the FAQ entries given to the model */
  public LlmVerdict validate(String content, Set<String> knownFaqIds) {
    LlmAnswer answer;
    try {
      answer = parse(content);
    } catch (IllegalArgumentException e) {
      return new LlmVerdict.NeedsHuman("model output unusable: " + e.getMessage(), null);
    }
    String draft = answer.answer().isBlank() ? null : answer.answer();
    if (draft == null) {
      return new LlmVerdict.NeedsHuman("model gave an empty answer", null);
    }
    if (answer.needsHuman()) {
      return new LlmVerdict.NeedsHuman("model asked for a human", draft);
    }
    List<String> unknown = answer.citedFaqIds().stream().filter(id -> !knownFaqIds.contains(id)).toList();
    if (!unknown.isEmpty()) {
      return new LlmVerdict.NeedsHuman("model cited FAQ entries it was not given: " + unknown, draft);
    }
    if (answer.citedFaqIds().isEmpty()) {
      return new LlmVerdict.NeedsHuman("model cited no FAQ entry", draft);
    }
    if (answer.confidence() < minConfidence) {
      return new LlmVerdict.NeedsHuman(String.format("model confidence %.2f below %.2f",
          answer.confidence(), minConfidence), draft);
    }
    if (answer.answer().length() > maxAnswerLength) {
      return new LlmVerdict.NeedsHuman("answer longer than " + maxAnswerLength + " characters", draft);
    }
    return new LlmVerdict.Reply(answer);
  }

  /** Parses the structured output strictly: every field present with its type. */
  static LlmAnswer parse(String content) {
    JsonNode node;
    try {
      node = content == null ? null : JSON.readTree(content);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode answer = require(node, "answer", JsonNode::isTextual);
    JsonNode confidence = require(node, "confidence", JsonNode::isNumber);
    JsonNode cited = require(node, "citedFaqIds", JsonNode::isArray);
    JsonNode needsHuman = require(node, "needsHuman", JsonNode::isBoolean);
    JsonNode language = require(node, "language", JsonNode::isTextual);
    List<String> ids = new ArrayList<>();
    for (JsonNode id : cited) {
      if (!id.isTextual()) {
        throw new IllegalArgumentException("citedFaqIds holds a non-string");
      }
      ids.add(id.asText());
    }
    double value = confidence.asDouble();
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("confidence " + value + " outside [0, 1]");
    }
    return new LlmAnswer(answer.asText(), value, ids, needsHuman.asBoolean(), language.asText());
  }

  private static JsonNode require(JsonNode node, String field, java.util.function.Predicate<JsonNode> type) {
    JsonNode value = node.get(field);
    if (value == null || !type.test(value)) {
      throw new IllegalArgumentException("field '" + field + "' missing or of the wrong type");
    }
    return value;
  }

  /** Set of ids helper for callers. */
  public static Set<String> ids(List<io.ticketflow.match.FaqCandidate> candidates) {
    return Set.copyOf(candidates.stream().map(io.ticketflow.match.FaqCandidate::faqId).toList());
  }
}
