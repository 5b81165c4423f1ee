package io.ticketflow.answer;

/** What to do with the model's output: send it, or hand the inquiry to a human with a draft. */
public sealed interface LlmVerdict {

  /** The answer may go to the customer. */
  record Reply(LlmAnswer answer) implements LlmVerdict {}

  /**
   * A human must answer; {@code draft} (possibly null) is offered to the agent as a suggestion.
   *
   * @param detail why, for the agent and the audit
   */
  record NeedsHuman(String detail, String draft) implements LlmVerdict {}
}
