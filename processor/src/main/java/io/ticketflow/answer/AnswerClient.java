package io.ticketflow.answer;

import java.util.concurrent.CompletableFuture;

/**
 * One call to a chat model. Never blocks the caller: the future completes with the model's
 * completion or exceptionally with an {@link LlmCallException}.
 */
public interface AnswerClient extends AutoCloseable {

  CompletableFuture<LlmCompletion> complete(LlmPrompt prompt);

  @Override
  default void close() {}
}
