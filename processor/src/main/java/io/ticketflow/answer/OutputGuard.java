package io.ticketflow.answer;

import io.ticketflow.guard.PiiKind;
import io.ticketflow.guard.PiiRedactor;
import io.ticketflow.match.FaqCandidate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a model answer before it leaves: no personal data that neither the customer's own message
 * nor the FAQ knowledge contained (a model must not invent or leak phone numbers, IDs or cards),
 * and no sentence of the system prompt (leaking the service's instructions).
 */
public final class OutputGuard {
  private static final int LEAK_FRAGMENT = 40;

  private final PiiRedactor redactor = new PiiRedactor();
  private final List<String> promptFragments;

  /** @param systemTemplate the system prompt template whose sentences must not be echoed */
  public OutputGuard(String systemTemplate) {
    this(List.of(systemTemplate));
  }

  /** @param systemTemplates the system prompt templates (answer, translate) whose sentences must not be echoed */
  public OutputGuard(List<String> systemTemplates) {
    List<String> all = new ArrayList<>();
    systemTemplates.forEach(t -> all.addAll(fragments(t)));
    this.promptFragments = List.copyOf(all);
  }

  /**
   * Why the answer must not be sent, or empty when it may. Personal data in the answer must be an
   * item the customer's message or the FAQ knowledge holds, compared by value: the model sees the
   * customer's items only as placeholders, so a phone number in its answer when the customer gave
   * another one is invented.
   */
  public Optional<String> problem(String answer, String customerText, List<FaqCandidate> knowledge) {
    List<PiiRedactor.Found> inAnswer = redactor.find(answer);
    if (!inAnswer.isEmpty()) {
      Set<String> given = new HashSet<>();
      redactor.find(customerText).forEach(f -> given.add(key(f)));
      for (FaqCandidate candidate : knowledge) {
        redactor.find(candidate.answer()).forEach(f -> given.add(key(f)));
      }
      for (PiiRedactor.Found item : inAnswer) {
        if (!given.contains(key(item))) {
          return Optional.of("answer contains personal data (" + item.kind()
              + ") the customer and the FAQ did not give");
        }
      }
    }
    String folded = answer.toLowerCase(Locale.ROOT);
    for (String fragment : promptFragments) {
      if (folded.contains(fragment)) {
        return Optional.of("answer repeats the system prompt");
      }
    }
    return Optional.empty();
  }

  /**
   * An item as compared: kind and its letters and digits (full-width folded, lower case), so that
   * 138-0013-8000 is 13800138000; a mainland mobile number without its +86 or 0086.
   */
  static String key(PiiRedactor.Found item) {
    StringBuilder chars = new StringBuilder();
    item.text().codePoints().map(c -> c >= 0xFF01 && c <= 0xFF5E ? c - 0xFEE0 : c)
        .filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(chars::appendCodePoint);
    String value = chars.toString();
    if (item.kind() == PiiKind.PHONE && value.matches("(0086|86)1\\d{10}")) {
      value = value.substring(value.length() - 11);
    }
    return item.kind() + ":" + value;
  }

  /** Sentences of the rules long enough that quoting one is no accident. */
  private static List<String> fragments(String template) {
    String rules = template.contains("{{knowledge}}") ? template.substring(0, template.indexOf("{{knowledge}}")) : template;
    List<String> fragments = new ArrayList<>();
    for (String sentence : rules.split("[.\\n。]")) {
      String s = sentence.replaceAll("\\{\\{[a-z]+}}", "").strip().toLowerCase(Locale.ROOT);
      if (s.length() >= LEAK_FRAGMENT) {
        fragments.add(s.replaceFirst("^\\d+\\.\\s*", ""));
      }
    }
    return fragments;
  }
}
