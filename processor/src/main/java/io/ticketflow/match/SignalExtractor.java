package io.ticketflow.match;

import io.ticketflow.match.ScriptDetector.Script;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Turns an inquiry into {@link Signals} for a short list of candidates: every exact hit, and the
 * best few entries by best cosine, by centroid cosine and by BM25. Fusion then only has to rank a
 * handful of entries, whatever the FAQ's size.
 */
final class SignalExtractor {

  private static final int PER_SIGNAL = 5;
  /**
   * Inquiries are matched on their first 1,000 code points: FAQ questions are short, and an
   * unbounded text would exceed Lucene's 1,024-clause limit and the models' 512 tokens anyway.
   */
  static final int MAX_CODE_POINTS = 1_000;

  private SignalExtractor() {}

  static List<Signals> extract(TenantFaq faq, String text) {
    String normalized = TextNormalizer.normalize(text);
    if (normalized.isEmpty()) {
      return List.of();
    }
    if (normalized.codePointCount(0, normalized.length()) > MAX_CODE_POINTS) {
      normalized = normalized.substring(0, normalized.offsetByCodePoints(0, MAX_CODE_POINTS)).strip();
    }
    Script script = ScriptDetector.detect(normalized);
    Set<String> exactIds = faq.exactHits(normalized);
    Set<String> candidates = new LinkedHashSet<>(exactIds);

    Script embedding = ScriptDetector.embeddingSpace(normalized);
    VectorIndex space = faq.space(embedding);
    // The embedding model refuses a text its tokenizer reads nothing in: a heart (❤ and the variation
    // selector U+FE0F) or an emoji family (joined by U+200D) leaves only such characters here.
    boolean embeds = space != null && !space.isEmpty() && hasLetterOrDigit(normalized);
    LexicalIndex lexical = faq.lexical();
    String query = normalized;
    // BM25 needs no embedding: it runs on another core while this thread embeds the inquiry
    // (~0.35 ms of a 10,000-entry FAQ's match off the critical path; same result either way).
    Executor lexicalThread = embeds ? EarlyStart.LOOKAHEAD : Runnable::run;
    EarlyStart<Map<String, Double>> lexicalSearch =
        lexical == null ? null : EarlyStart.offer(() -> lexical.search(query, script), lexicalThread);
    CosineHits hits = null;
    float[] vector = null;
    if (embeds) {
      String embedded = embedding == Script.HAN ? TextNormalizer.forModel(text, MAX_CODE_POINTS) : normalized;
      vector = space.embedQuery(embedded);
      hits = space.search(vector);
    }

    Map<String, Double> bm25 = lexicalSearch == null ? Map.of() : lexicalSearch.join();
    double bestBm25 = bm25.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    bm25.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(PER_SIGNAL)
        .forEach(e -> candidates.add(e.getKey()));
    if (hits != null) {
      candidates.addAll(hits.nearestByMaxCos(PER_SIGNAL));
      candidates.addAll(hits.nearestByCentroid(PER_SIGNAL));
    }

    List<String> ids = new ArrayList<>(candidates);
    EntryClassifier classifier = hits == null ? null : space.classifier();
    double[] probes = probes(classifier == null ? null : classifier.logits(vector, ids), ids.size());
    double[] gramProbes = probes(classifier == null ? null : classifier.gramLogits(normalized, ids), ids.size());
    Signals.Classifiers used = classifiersUsed(classifier, faq, ids, embedding);
    List<Signals> out = new ArrayList<>(candidates.size());
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      IndexedEntry entry = faq.entry(id);
      if (entry == null) {
        continue; // removed while we were looking
      }
      double b = bm25.getOrDefault(id, 0.0);
      double maxCos = 0;
      double top3 = 0;
      double centroid = 0;
      double margin = 0;
      double vote = 0;
      CosineHits.EntryCosines c = hits == null ? null : hits.of(id);
      if (c != null) {
        maxCos = c.maxCos();
        top3 = c.top3Cos();
        centroid = c.centroidCos();
        vote = c.vote();
        // A lone entry in its space has no runner-up to lead: no margin (against a runner-up at 0
        // it got its whole cosine, and the models read that as a certain match).
        double runnerUp = maxCos >= hits.best() ? hits.secondBest() : hits.best();
        margin = runnerUp <= -1 ? 0 : maxCos - Math.max(0, runnerUp);
      }
      out.add(new Signals(id, exactIds.contains(id), b,
          bestBm25 > 0 ? b / bestBm25 : 0, maxCos, top3, centroid, margin, vote, probes[i],
          gramProbes[i], entry.languageAgrees(script), embedding == Script.HAN, used));
    }
    return out;
  }

  /** Whether the text holds a letter or a digit: what the embedding models' tokenizers never drop. */
  private static boolean hasLetterOrDigit(String text) {
    return text.codePoints().anyMatch(Character::isLetterOrDigit);
  }

  /**
   * Which classifiers the inquiry was scored with. The classifiers learn the space's own language
   * only, so a candidate in another language has the placeholder even where they exist, and the
   * main models were fitted with such candidates (cross-lingual inquiries). Where the space lacks
   * classifiers, an inquiry whose candidates are all in another language therefore counts as
   * {@link Signals.Classifiers#OTHER_LANGUAGE}, scored by the main models. The space's language is
   * {@code embedding}'s, which a mixed inquiry such as 「播放 Gary Lee Conner」 shares with the Chinese
   * entries though its script counts as Latin.
   */
  private static Signals.Classifiers classifiersUsed(EntryClassifier classifier, TenantFaq faq, List<String> ids,
      Script embedding) {
    Signals.Classifiers kind = classifier == null ? Signals.Classifiers.NONE : classifier.kind();
    if (kind == Signals.Classifiers.BOTH) {
      return kind;
    }
    for (String id : ids) {
      IndexedEntry entry = faq.entry(id);
      if (entry != null && entry.languageAgrees(embedding)) {
        return kind;
      }
    }
    return Signals.Classifiers.OTHER_LANGUAGE;
  }

  /**
   * Each candidate's log-probability among the candidates under one of the space's entry
   * classifiers ({@code logits}, NaN for an entry it does not know). The classifiers know the entries
   * that have wordings in the space's own language; candidates they do not know (another language's
   * entries, or every candidate when the space has no classifier: too many entries, or still
   * training in the background) get the uniform share 1/n, and the known ones share the rest in the
   * classifier's proportions. A uniform value is the same for every candidate of an inquiry, so it
   * leaves their order to the other signals.
   */
  private static double[] probes(double[] logits, int n) {
    double uniform = -Math.log(Math.max(1, n));
    double[] out = new double[n];
    Arrays.fill(out, uniform);
    if (logits == null) {
      return out;
    }
    double max = Double.NEGATIVE_INFINITY;
    int known = 0;
    for (double z : logits) {
      if (!Double.isNaN(z)) {
        max = Math.max(max, z);
        known++;
      }
    }
    if (known == 0) {
      return out;
    }
    double sum = 0;
    for (double z : logits) {
      if (!Double.isNaN(z)) {
        sum += Math.exp(z - max);
      }
    }
    double share = Math.log(known / (double) n);
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(logits[i])) {
        out[i] = Math.max(Signals.PROBE_FLOOR, logits[i] - max - Math.log(sum) + share);
      }
    }
    return out;
  }
}
