package io.ticketflow.answer;

import java.util.List;
import java.util.Objects;

/** What is sent to the model: the model name and the chat messages, system message first. */
public record LlmPrompt(String tenantId, String model, List<Message> messages) {
  public LlmPrompt {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(model, "model");
    messages = List.copyOf(messages);
  }

  /** The roles of the chat completions API. */
  public enum Role { SYSTEM, USER, ASSISTANT }

  /** One chat message. */
  public record Message(Role role, String content) {
    public Message {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(content, "content");
    }
  }

  /** All message text, for checks that nothing sensitive is sent. */
  public String allText() {
    StringBuilder text = new StringBuilder();
    messages.forEach(m -> text.append(m.content()).append('\n'));
    return text.toString();
  }
}
