package io.ticketflow.match;

import io.ticketflow.match.ScriptDetector.Script;
import io.ticketflow.schema.FaqEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An FAQ entry as the matchers see it: its question and alternates normalized and de-duplicated
 * (each one an {@link Utterance}), and its language (declared, or detected from the question).
 */
public record IndexedEntry(String faqId, String question, String answer, String language,
    List<Utterance> utterances) {

  /** One wording of the entry's question, normalized, with the script that routes it. */
  public record Utterance(String text, Script script) {}

  public IndexedEntry {
    utterances = List.copyOf(utterances);
  }

  /** Normalizes an Avro entry; wordings that normalize to nothing are left out. */
  public static IndexedEntry of(FaqEntry entry) {
    Set<String> texts = new LinkedHashSet<>();
    texts.add(TextNormalizer.normalize(entry.getQuestion()));
    for (String alternate : entry.getAlternates()) {
      texts.add(TextNormalizer.normalize(alternate));
    }
    texts.remove("");
    List<Utterance> utterances = new ArrayList<>(texts.size());
    for (String text : texts) {
      utterances.add(new Utterance(text, ScriptDetector.detect(text)));
    }
    String language = entry.getLanguage() != null && !entry.getLanguage().isBlank()
        ? entry.getLanguage()
        : ScriptDetector.detect(entry.getQuestion()).language();
    return new IndexedEntry(entry.getId(), entry.getQuestion(), entry.getAnswer(), language, utterances);
  }

  /** The entry's wordings in one script. */
  public List<String> texts(Script script) {
    List<String> out = new ArrayList<>();
    for (Utterance u : utterances) {
      if (u.script() == script) {
        out.add(u.text());
      }
    }
    return out;
  }

  /** Whether a query in {@code script} is in the entry's language (zh/en prefixes compared). */
  public boolean languageAgrees(Script script) {
    return language.toLowerCase(java.util.Locale.ROOT).startsWith(script.language());
  }
}
