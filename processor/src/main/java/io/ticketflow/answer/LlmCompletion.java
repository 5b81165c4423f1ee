package io.ticketflow.answer;

/**
 * The model's reply: its raw content (JSON for our structured output), the model that answered,
 * token usage and how long the call took end to end, retries included.
 */
public record LlmCompletion(String content, String model, int promptTokens, int completionTokens,
    long millis, int attempts) {

  public LlmCompletion withTiming(long millis, int attempts) {
    return new LlmCompletion(content, model, promptTokens, completionTokens, millis, attempts);
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
