package io.ticketflow.answer;

import io.ticketflow.match.FaqCandidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the messages for one inquiry: the system prompt with the service's rules and the top FAQ
 * candidates as knowledge, the recent turns of the conversation, then the customer's (already
 * redacted) message, fenced so it reads as data.
 */
public final class PromptBuilder {

  /** One earlier turn of the conversation. */
  public record Turn(boolean fromCustomer, String text) {}

  /**
   * The fence's tag in any case and spacing, also in full-width forms (＜／ｃｕｓｔｏｍｅｒ＿ｍｅｓｓａｇｅ＞),
   * which a model reads as the same tag; matched in place, so the customer's own punctuation
   * (Chinese full-width commas) reaches the model unchanged.
   */
  private static final java.util.regex.Pattern FENCE_TAG = java.util.regex.Pattern.compile(
      "[<\uFF1C\uFE64\u2039]\\s*[/\uFF0F]?\\s*" + fullWidthToo("customer_message") + "\\s*[>\uFF1E\uFE65\u203A]",
      java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);

  /** A pattern of {@code ascii} whose every character may also be its full-width form. */
  private static String fullWidthToo(String ascii) {
    StringBuilder pattern = new StringBuilder();
    for (char c : ascii.toCharArray()) {
      pattern.append('[').append(c).append((char) (c + 0xFEE0)).append(']');
    }
    return pattern.toString();
  }

  private final PromptTemplates templates;
  private final String model;

  public PromptBuilder(PromptTemplates templates, String model) {
    this.templates = templates;
    this.model = model;
  }

  /** A prompt that answers the inquiry from the candidates. */
  public LlmPrompt answer(String tenantId, String language, String redactedText,
      List<FaqCandidate> candidates, List<Turn> history) {
    return build(tenantId, PromptTemplates.SYSTEM, language, redactedText, candidates, history);
  }

  /** A prompt that translates one confident FAQ answer into the inquiry's language. */
  public LlmPrompt translate(String tenantId, String language, String redactedText, FaqCandidate entry) {
    return build(tenantId, PromptTemplates.TRANSLATE, language, redactedText, List.of(entry), List.of());
  }

  private LlmPrompt build(String tenantId, String systemTemplate, String language, String redactedText,
      List<FaqCandidate> candidates, List<Turn> history) {
    String system = PromptTemplates.fill(templates.get(tenantId, systemTemplate),
        Map.of("language", languageName(language), "knowledge", knowledge(candidates)));
    List<LlmPrompt.Message> messages = new ArrayList<>();
    messages.add(new LlmPrompt.Message(LlmPrompt.Role.SYSTEM, system));
    for (Turn turn : history) {
      messages.add(new LlmPrompt.Message(turn.fromCustomer() ? LlmPrompt.Role.USER : LlmPrompt.Role.ASSISTANT,
          turn.fromCustomer() ? fence(tenantId, turn.text()) : turn.text()));
    }
    messages.add(new LlmPrompt.Message(LlmPrompt.Role.USER, fence(tenantId, redactedText)));
    return new LlmPrompt(tenantId, model, messages);
  }

  private String fence(String tenantId, String customerText) {
    // The customer cannot close the fence early and talk as the system: the tag in any case or
    // spacing (a model reads </CUSTOMER_MESSAGE > as the same tag) is removed.
    String inert = FENCE_TAG.matcher(customerText).replaceAll("");
    return PromptTemplates.fill(templates.get(tenantId, PromptTemplates.USER), Map.of("inquiry", inert));
  }

  static String knowledge(List<FaqCandidate> candidates) {
    if (candidates.isEmpty()) {
      return "(no entries)";
    }
    StringBuilder text = new StringBuilder();
    for (FaqCandidate candidate : candidates) {
      text.append("[FAQ id=").append(candidate.faqId()).append("]\n")
          .append("Q: ").append(candidate.question() == null ? "" : candidate.question()).append('\n')
          .append("A: ").append(candidate.answer() == null ? "" : candidate.answer()).append("\n\n");
    }
    return text.toString().strip();
  }

  /** The reply language as the model should read it. */
  static String languageName(String language) {
    String tag = language == null ? "" : language.toLowerCase(Locale.ROOT);
    if (tag.startsWith("zh")) {
      return tag.contains("hant") || tag.endsWith("tw") || tag.endsWith("hk")
          ? "Traditional Chinese" : "Simplified Chinese (or Traditional Chinese if the customer writes it)";
    }
    if (tag.startsWith("en")) {
      return "English";
    }
    return "the customer's language";
  }
}
