package io.ticketflow.guard;

import java.util.Map;

/** The text with personal data replaced by placeholders, and what was replaced. */
public record Redaction(String text, Map<PiiKind, Integer> counts) {
  public Redaction {
    counts = Map.copyOf(counts);
  }

  public int total() {
    int total = 0;
    for (int count : counts.values()) {
      total += count;
    }
    return total;
  }

  public int count(PiiKind kind) {
    return counts.getOrDefault(kind, 0);
  }
}
