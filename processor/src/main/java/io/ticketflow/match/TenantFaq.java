package io.ticketflow.match;

import io.ticketflow.match.IndexedEntry.Utterance;
import io.ticketflow.match.ScriptDetector.Script;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one tenant's FAQ is indexed as: the entries, an exact-wording map, the BM25 index and
 * the two embedding spaces. Writes are serialized per tenant (synchronized) and never block
 * readers: every structure is either concurrent or swapped atomically, so a match running during a
 * re-index sees each entry either before or after its change.
 *
 * <p>The bge-zh space holds the Chinese wordings; English wordings join it only once a Chinese
 * inquiry arrives (cross-lingual matching needs them there, English-only tenants never pay). With a
 * {@code background} executor that embedding runs there, in batches that let FAQ updates through,
 * and Chinese inquiries meanwhile see the Chinese wordings only; without one the first Chinese
 * inquiry waits for it (what {@code eval} wants: every inquiry sees the whole FAQ).
 */
final class TenantFaq {

  private static final Logger LOG = LoggerFactory.getLogger(TenantFaq.class);
  /** Entries embedded per write-lock hold by the cross-lingual coverage. */
  private static final int COVERAGE_BATCH = 256;

  private final Map<String, IndexedEntry> entries = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> exact = new ConcurrentHashMap<>();
  private final LexicalIndex lexical;
  private final VectorIndex zh;
  private final VectorIndex en;
  private final Executor background;
  private final AtomicBoolean coverageRequested = new AtomicBoolean();
  /** From the start of the cross-lingual embedding on, updates put every wording into bge-zh. */
  private volatile boolean zhTakesLatin;
  /** Set once every entry's English wordings are in bge-zh. */
  private volatile boolean zhCoversLatin;

  /**
   * @param background where the cross-lingual embedding runs; null: on the first Chinese inquiry
   * @param training where the spaces' entry classifiers are trained; null: by the first search after
   *     a change
   * @param classifiers whether the spaces train entry classifiers at all
   */
  TenantFaq(boolean withLexical, SentenceEmbedder embedder, int annMinWordings, Executor background,
      Executor training, boolean classifiers) {
    this.background = background;
    this.lexical = withLexical ? new LexicalIndex() : null;
    this.zh = embedder == null ? null : new VectorIndex(Script.HAN, embedder, annMinWordings, training, classifiers);
    this.en = embedder == null ? null : new VectorIndex(Script.LATIN, embedder, annMinWordings, training, classifiers);
  }

  IndexedEntry entry(String faqId) {
    return entries.get(faqId);
  }

  int size() {
    return entries.size();
  }

  /** Up to {@code max} wordings in the form the embedding model reads them, entries in id order. */
  List<String> wordings(int max) {
    List<String> out = new ArrayList<>();
    for (String id : new TreeSet<>(entries.keySet())) {
      IndexedEntry e = entries.get(id);
      if (e == null) {
        continue;
      }
      for (Utterance u : e.utterances()) {
        if (out.size() == max) {
          return out;
        }
        out.add(u.modelText());
      }
    }
    return out;
  }

  /** The entries with a wording equal to {@code normalized} but for spaces. */
  Set<String> exactHits(String normalized) {
    return exact.getOrDefault(exactKey(normalized), Set.of());
  }

  /**
   * A normalized wording for exact matching: without the spaces next to a Chinese character.
   * {@link TextNormalizer} keeps a space between Chinese and a Latin word or number, which
   * customers put in or leave out at will (「iPhone 无法开机」, 「支持 7 天无理由退货吗」), and the same
   * wording must be certain either way. Spaces between Latin words stay: 「a part」 is not 「apart」.
   */
  static String exactKey(String normalized) {
    if (normalized.indexOf(' ') < 0) {
      return normalized;
    }
    StringBuilder out = new StringBuilder(normalized.length());
    for (int i = 0; i < normalized.length(); i++) {
      char c = normalized.charAt(i);
      boolean nextToHan = c == ' '
          && (out.length() > 0 && ScriptDetector.isHan(Character.codePointBefore(out, out.length()))
              || i + 1 < normalized.length() && ScriptDetector.isHan(normalized.codePointAt(i + 1)));
      if (!nextToHan) {
        out.append(c);
      }
    }
    return out.toString();
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
        if (background == null) {
          coverLatinInZhNow();
        } else if (coverageRequested.compareAndSet(false, true)) {
          background.execute(this::coverLatinInZhInBackground);
        }
      }
      return zh;
    }
    return en;
  }

  /** Whether Chinese inquiries are matched against the English wordings too. */
  boolean coversLatinInZh() {
    return zh != null && zhCoversLatin;
  }

  /**
   * Adds or replaces entries. The new wordings are embedded first, while matching still sees the
   * entries as they were; only then are the entries, their exact wordings, BM25 terms and vectors
   * swapped in, one after the other in a moment. A failure to embed changes nothing.
   */
  synchronized void upsertAll(Collection<IndexedEntry> batch) {
    Map<String, List<String>> zhTexts = new LinkedHashMap<>();
    Map<String, List<String>> enTexts = new LinkedHashMap<>();
    for (IndexedEntry e : batch) {
      zhTexts.put(e.faqId(), e.embedded(Script.HAN, zhTakesLatin));
      enTexts.put(e.faqId(), e.embedded(Script.LATIN, false));
    }
    Map<String, float[]> zhVectors = zh == null ? null : zh.embed(zhTexts);
    Map<String, float[]> enVectors = zh == null ? null : en.embed(enTexts);
    for (IndexedEntry e : batch) {
      IndexedEntry old = entries.put(e.faqId(), e);
      // The new wordings are mapped before the old ones go: a wording the entry keeps is never
      // missing for a match that runs meanwhile.
      Set<String> keys = new HashSet<>();
      for (Utterance u : e.utterances()) {
        String key = exactKey(u.text());
        keys.add(key);
        exact.merge(key, Set.of(e.faqId()), TenantFaq::union);
      }
      unmapExact(old, keys);
      if (lexical != null) {
        lexical.put(e.faqId(), e.utterances().stream().map(Utterance::text).toList());
      }
    }
    if (zh != null) {
      zh.apply(zhTexts, zhVectors);
      en.apply(enTexts, enVectors);
    }
  }

  synchronized void remove(String faqId) {
    IndexedEntry old = entries.remove(faqId);
    if (old == null) {
      return;
    }
    unmapExact(old, Set.of());
    if (lexical != null) {
      lexical.remove(faqId);
    }
    if (zh != null) {
      zh.remove(faqId);
      en.remove(faqId);
    }
  }

  /** Embeds every entry's English wordings with bge-zh now, on the calling thread. */
  void coverLatinInZhNow() {
    if (zh == null || zhCoversLatin) {
      return;
    }
    synchronized (this) {
      zhTakesLatin = true;
    }
    // Entries updated from here on carry their English wordings themselves (zhTakesLatin); the rest
    // are embedded in batches, each under the write lock, so FAQ updates wait one batch at most.
    List<String> ids = List.copyOf(entries.keySet());
    for (int from = 0; from < ids.size(); from += COVERAGE_BATCH) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + COVERAGE_BATCH));
      synchronized (this) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String id : batch) {
          IndexedEntry e = entries.get(id);
          if (e != null) {
            all.put(id, e.embedded(Script.HAN, true));
          }
        }
        zh.putAll(all);
      }
    }
    zhCoversLatin = true;
  }

  private void coverLatinInZhInBackground() {
    try {
      long start = System.nanoTime();
      coverLatinInZhNow();
      LOG.info("Chinese inquiries now also match English FAQ wordings ({} entries, {} ms)",
          entries.size(), (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      LOG.warn("embedding English FAQ wordings for cross-lingual matching failed; the next Chinese "
          + "inquiry retries", e);
      coverageRequested.set(false);
    }
  }

  /** Unmaps {@code old}'s wordings but those in {@code kept} (its new version's). */
  private void unmapExact(IndexedEntry old, Set<String> kept) {
    if (old == null) {
      return;
    }
    for (Utterance u : old.utterances()) {
      if (kept.contains(exactKey(u.text()))) {
        continue;
      }
      exact.computeIfPresent(exactKey(u.text()), (k, ids) -> {
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
