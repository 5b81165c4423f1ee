package io.ticketflow.match;

import io.ticketflow.match.IndexedEntry.Utterance;
import io.ticketflow.match.ScriptDetector.Script;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything one tenant's FAQ is indexed as: the entries, an exact-wording map, the BM25 index and
 * the two embedding spaces. Writes are serialized per tenant (synchronized) and never block
 * readers: every structure is either concurrent or swapped atomically, so a match running during a
 * re-index sees each entry either before or after its change.
 *
 * <p>The bge-zh space holds the Chinese wordings; English wordings join it only once a Chinese
 * inquiry arrives (cross-lingual matching needs them there, English-only tenants never pay).
 */
final class TenantFaq {

  private final Map<String, IndexedEntry> entries = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> exact = new ConcurrentHashMap<>();
  private final LexicalIndex lexical;
  private final VectorIndex zh;
  private final VectorIndex en;
  private volatile boolean zhCoversLatin;

  TenantFaq(boolean withLexical, SentenceEmbedder embedder, int annMinWordings) {
    this.lexical = withLexical ? new LexicalIndex() : null;
    this.zh = embedder == null ? null : new VectorIndex(Script.HAN, embedder, annMinWordings);
    this.en = embedder == null ? null : new VectorIndex(Script.LATIN, embedder, annMinWordings);
  }

  IndexedEntry entry(String faqId) {
    return entries.get(faqId);
  }

  int size() {
    return entries.size();
  }

  Set<String> exactHits(String normalized) {
    return exact.getOrDefault(normalized, Set.of());
  }

  LexicalIndex lexical() {
    return lexical;
  }

  /** The vector space a query in {@code script} is searched in, or null without embeddings. */
  VectorIndex space(Script script) {
    if (zh == null) {
      return null;
    }
    if (script == Script.HAN) {
      if (!zhCoversLatin) {
        coverLatinInZh();
      }
      return zh;
    }
    return en;
  }

  synchronized void upsertAll(Collection<IndexedEntry> batch) {
    Map<String, List<String>> zhTexts = new LinkedHashMap<>();
    Map<String, List<String>> enTexts = new LinkedHashMap<>();
    for (IndexedEntry e : batch) {
      IndexedEntry old = entries.put(e.faqId(), e);
      unmapExact(old);
      for (Utterance u : e.utterances()) {
        exact.merge(u.text(), Set.of(e.faqId()), TenantFaq::union);
      }
      if (lexical != null) {
        lexical.put(e.faqId(), e.utterances().stream().map(Utterance::text).toList());
      }
      zhTexts.put(e.faqId(), e.embedded(Script.HAN, zhCoversLatin));
      enTexts.put(e.faqId(), e.embedded(Script.LATIN, false));
    }
    if (zh != null) {
      zh.putAll(zhTexts);
      en.putAll(enTexts);
    }
  }

  synchronized void remove(String faqId) {
    IndexedEntry old = entries.remove(faqId);
    if (old == null) {
      return;
    }
    unmapExact(old);
    if (lexical != null) {
      lexical.remove(faqId);
    }
    if (zh != null) {
      zh.remove(faqId);
      en.remove(faqId);
    }
  }

  private synchronized void coverLatinInZh() {
    if (zhCoversLatin) {
      return;
    }
    Map<String, List<String>> all = new LinkedHashMap<>();
    for (IndexedEntry e : entries.values()) {
      all.put(e.faqId(), e.embedded(Script.HAN, true));
    }
    zh.putAll(all);
    zhCoversLatin = true;
  }

  private void unmapExact(IndexedEntry old) {
    if (old == null) {
      return;
    }
    for (Utterance u : old.utterances()) {
      exact.computeIfPresent(u.text(), (k, ids) -> {
        Set<String> rest = new HashSet<>(ids);
        rest.remove(old.faqId());
        return rest.isEmpty() ? null : Set.copyOf(rest);
      });
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }
}
