package io.ticketflow.match;

import io.ticketflow.schema.FaqEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * All tenants' indexed FAQs. Several matchers can share one library (the eval runs all four
 * modes on one index). Thread-safe: see {@link TenantFaq}.
 */
public final class FaqLibrary {

  /** One daemon thread embeds English wordings for cross-lingual search, one tenant at a time. */
  private static final Executor CROSS_LINGUAL =
      Executors.newSingleThreadExecutor(SentenceEmbedder.daemon("ticketflow-cross-lingual"));
  /** One daemon thread trains the spaces' entry classifiers after FAQ changes ({@link EntryClassifier}). */
  private static final Executor TRAINING =
      Executors.newSingleThreadExecutor(SentenceEmbedder.daemon("ticketflow-classifier"));

  private final Map<String, TenantFaq> tenants = new ConcurrentHashMap<>();
  private final boolean lexical;
  private final SentenceEmbedder embedder;
  private final int annMinWordings;
  private final Executor background;
  private final Executor training;
  private final boolean classifiers;

  private FaqLibrary(boolean lexical, SentenceEmbedder embedder, int annMinWordings, Executor background,
      Executor training) {
    this(lexical, embedder, annMinWordings, background, training, true);
  }

  private FaqLibrary(boolean lexical, SentenceEmbedder embedder, int annMinWordings, Executor background,
      Executor training, boolean classifiers) {
    this.lexical = lexical;
    this.embedder = embedder;
    this.annMinWordings = annMinWordings;
    this.background = background;
    this.training = training;
    this.classifiers = classifiers;
  }

  /** A library embedding with {@code embedder}, exact search, no classifiers (tests). */
  static FaqLibrary embeddingWith(SentenceEmbedder embedder) {
    return new FaqLibrary(true, embedder, Integer.MAX_VALUE, null, null, false);
  }

  /**
   * A new, empty library like this one whose embedding spaces train no entry classifiers: every
   * inquiry is matched as a tenant's inquiries are when its FAQ has over
   * {@link EntryClassifier#MAX_ENTRIES} entries, or while its classifiers train after a change
   * ({@code eval --no-classifiers}).
   */
  public FaqLibrary withoutClassifiers() {
    return new FaqLibrary(lexical, embedder, annMinWordings, background, training, false);
  }

  /**
   * What the processor serves with: {@link #full()}, except that a tenant's first Chinese inquiry
   * starts the cross-lingual embedding of its English wordings on a background thread instead of
   * waiting for it (minutes of CPU for a 10,000-entry FAQ, which would stall the stream thread
   * past its poll interval). Until it is done, Chinese inquiries match the Chinese wordings only.
   * Likewise each space's entry classifier is retrained on a background thread after an FAQ change
   * (seconds for a few hundred entries); until then its inquiries are ranked without it.
   */
  public static FaqLibrary serving() {
    return serving(CROSS_LINGUAL, TRAINING);
  }

  static FaqLibrary serving(Executor background, Executor training) {
    return new FaqLibrary(true, SentenceEmbedder.shared(), VectorIndex.DEFAULT_ANN_MIN_WORDINGS, background,
        training);
  }

  /** Exact, BM25 and embeddings: what the hybrid matcher needs. */
  public static FaqLibrary full() {
    return full(VectorIndex.DEFAULT_ANN_MIN_WORDINGS);
  }

  /**
   * Exact, BM25 and embeddings, with approximate (HNSW) vector search in every embedding space that
   * holds at least {@code annMinWordings} wordings; {@link Integer#MAX_VALUE} keeps search exact.
   */
  public static FaqLibrary full(int annMinWordings) {
    if (annMinWordings < 1) {
      throw new IllegalArgumentException("annMinWordings must be positive: " + annMinWordings);
    }
    return new FaqLibrary(true, SentenceEmbedder.shared(), annMinWordings, null, null);
  }

  /** Exact and BM25 only: no model is loaded. */
  public static FaqLibrary lexicalOnly() {
    return new FaqLibrary(true, null, Integer.MAX_VALUE, null, null);
  }

  /** Exact wordings only. */
  public static FaqLibrary exactOnly() {
    return new FaqLibrary(false, null, Integer.MAX_VALUE, null, null);
  }

  public boolean hasEmbeddings() {
    return embedder != null;
  }

  public boolean hasLexical() {
    return lexical;
  }

  public void upsert(FaqEntry entry) {
    upsertAll(List.of(entry));
  }

  /** Indexes many entries, embedding them in parallel batches per tenant (fast bulk load). */
  public void upsertAll(Collection<FaqEntry> batch) {
    Map<String, List<IndexedEntry>> byTenant = new LinkedHashMap<>();
    for (FaqEntry e : batch) {
      byTenant.computeIfAbsent(e.getTenantId(), t -> new ArrayList<>()).add(IndexedEntry.of(e));
    }
    // In compute(), like remove(): a tenant emptied and dropped meanwhile cannot take the entries.
    byTenant.forEach((tenant, entries) -> tenants.compute(tenant, (id, faq) -> {
      TenantFaq t = faq != null ? faq : newTenant();
      t.upsertAll(entries);
      return t;
    }));
  }

  /**
   * Removes an entry; a tenant left without entries is dropped (its indexes are garbage once the
   * matches still reading them finish), so tenants that come and go do not accumulate.
   */
  public void remove(String tenantId, String faqId) {
    tenants.computeIfPresent(tenantId, (id, t) -> {
      t.remove(faqId);
      return t.size() == 0 ? null : t;
    });
  }

  /**
   * Embeds a tenant's English wordings with the Chinese model now, instead of on the tenant's first
   * Chinese inquiry (which would otherwise pay for it on the matching thread: minutes for a
   * 10,000-entry FAQ, or a window without cross-lingual answers with {@link #serving()}). Call at
   * startup for tenants that receive Chinese inquiries; it returns when the embedding is done.
   */
  public void prepareForChineseInquiries(String tenantId) {
    TenantFaq t = tenants.get(tenantId);
    if (t != null) {
      t.coverLatinInZhNow();
    }
  }

  /** Whether the tenant's Chinese inquiries are matched against its English wordings yet. */
  public boolean crossLingualReady(String tenantId) {
    TenantFaq t = tenants.get(tenantId);
    return t != null && t.coversLatinInZh();
  }

  /** The number of entries a tenant has. */
  public int size(String tenantId) {
    TenantFaq t = tenants.get(tenantId);
    return t == null ? 0 : t.size();
  }

  /** A made-up inquiry for {@link SignalMatcher#warmUp}. */
  record Inquiry(String tenantId, String text) {}

  /**
   * Up to {@code max} inquiries made of the tenants' own wordings, tenants taking turns: each
   * wording as the embedding model reads it, without its first word (a wording without spaces:
   * without its first character; a single character is skipped), so that as a rule it is no exact
   * hit.
   */
  List<Inquiry> warmUpInquiries(int max) {
    List<Map.Entry<String, List<String>>> perTenant = new ArrayList<>();
    new TreeMap<>(tenants).forEach((id, faq) -> perTenant.add(Map.entry(id, faq.wordings(max))));
    List<Inquiry> out = new ArrayList<>();
    for (int i = 0; out.size() < max; i++) {
      boolean any = false;
      for (Map.Entry<String, List<String>> t : perTenant) {
        if (i < t.getValue().size() && out.size() < max) {
          any = true;
          String shortened = withoutFirstWord(t.getValue().get(i));
          if (!shortened.isEmpty()) {
            out.add(new Inquiry(t.getKey(), shortened));
          }
        }
      }
      if (!any) {
        break;
      }
    }
    return out;
  }

  private static String withoutFirstWord(String text) {
    int space = text.indexOf(' ');
    if (space > 0) {
      return text.substring(space + 1).strip();
    }
    return text.codePointCount(0, text.length()) < 2 ? "" : text.substring(text.offsetByCodePoints(0, 1));
  }

  TenantFaq tenant(String tenantId) {
    return tenants.get(tenantId);
  }

  private TenantFaq newTenant() {
    return new TenantFaq(lexical, embedder, annMinWordings, background, training, classifiers);
  }
}
