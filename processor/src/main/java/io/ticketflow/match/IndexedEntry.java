package io.ticketflow.match;

import io.ticketflow.match.ScriptDetector.Script;
import io.ticketflow.schema.FaqEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An FAQ entry as the matchers see it: its question and alternates normalized and de-duplicated
 * (each one an {@link Utterance}), and its language (declared, or detected from the question).
 */
public record IndexedEntry(String faqId, String question, String answer, String language,
    List<Utterance> utterances) {

  /**
   * One wording of the entry's question: normalized (exact and BM25 matching), as the embedding
   * model reads it ({@link TextNormalizer#forModel}), and the embedding space it goes into
   * ({@link ScriptDetector#embeddingSpace}).
   */
  public record Utterance(String text, String modelText, Script space) {

    /** What its embedding space embeds: bge-zh reads the model text, bge-en the normalized one. */
    public String embedded(Script in) {
      return in == Script.HAN ? modelText : text;
    }
  }

  public IndexedEntry {
    utterances = List.copyOf(utterances);
  }

  /** Normalizes an Avro entry; wordings that normalize to nothing are left out. */
  public static IndexedEntry of(FaqEntry entry) {
    Map<String, String> texts = distinctWordings(entry);
    List<Utterance> utterances = new ArrayList<>(texts.size());
    texts.forEach((text, raw) -> utterances.add(new Utterance(text,
        TextNormalizer.forModel(raw, SignalExtractor.MAX_CODE_POINTS), ScriptDetector.embeddingSpace(text))));
    String language = entry.getLanguage() != null && !entry.getLanguage().isBlank()
        ? entry.getLanguage()
        : ScriptDetector.detect(entry.getQuestion()).language();
    return new IndexedEntry(entry.getId(), entry.getQuestion(), entry.getAnswer(), language, utterances);
  }

  /**
   * What the embedding space {@code space} embeds of this entry: the wordings that belong there,
   * or, with {@code allWordings}, every wording (English ones in bge-zh for cross-lingual search).
   */
  public List<String> embedded(Script space, boolean allWordings) {
    List<String> out = new ArrayList<>();
    for (Utterance u : utterances) {
      if (allWordings || u.space() == space) {
        out.add(u.embedded(space));
      }
    }
    return out;
  }

  /** Whether a query in {@code script} is in the entry's language (zh/en prefixes compared). */
  public boolean languageAgrees(Script script) {
    return language.toLowerCase(java.util.Locale.ROOT).startsWith(script.language());
  }

  /**
   * The entry's question and alternates keyed by their normalized form: wordings equal after
   * normalization are one (the first raw one kept), wordings that normalize to nothing left out.
   */
  static Map<String, String> distinctWordings(FaqEntry entry) {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.putIfAbsent(TextNormalizer.normalize(entry.getQuestion()), entry.getQuestion());
    for (String alternate : entry.getAlternates()) {
      texts.putIfAbsent(TextNormalizer.normalize(alternate), alternate);
    }
    texts.remove("");
    return texts;
  }
}
