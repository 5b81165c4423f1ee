package io.ticketflow.route;

import java.util.List;

/** What the guard stage found: the redacted text (safe to send to an LLM) and the flags raised. */
public record GuardReport(String redactedText, int redactionCount, List<String> flags) {
  public GuardReport {
    flags = List.copyOf(flags);
  }
}
