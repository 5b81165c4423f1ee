package io.ticketflow.answer;

import io.ticketflow.guard.PiiKind;
import io.ticketflow.guard.PiiRedactor;
import io.ticketflow.guard.Redaction;
import io.ticketflow.match.FaqCandidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
    this.promptFragments = fragments(systemTemplate);
  }

  /** Why the answer must not be sent, or empty when it may. */
  public Optional<String> problem(String answer, String customerText, List<FaqCandidate> knowledge) {
    Redaction inAnswer = redactor.redact(answer);
    if (inAnswer.total() > 0) {
      Redaction inCustomer = redactor.redact(customerText == null ? "" : customerText);
      StringBuilder known = new StringBuilder();
      knowledge.forEach(c -> known.append(c.answer()).append('\n'));
      Redaction inKnowledge = redactor.redact(known.toString());
      for (PiiKind kind : inAnswer.counts().keySet()) {
        if (inAnswer.count(kind) > inCustomer.count(kind) + inKnowledge.count(kind)) {
          return Optional.of("answer contains personal data (" + kind + ") the customer and the FAQ did not give");
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
