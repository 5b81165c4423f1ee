package io.ticketflow.match;

import io.ticketflow.schema.FaqEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All tenants' indexed FAQs. Several matchers can share one library (the eval runs all four
 * modes on one index). Thread-safe: see {@link TenantFaq}.
 */
public final class FaqLibrary {

  private final Map<String, TenantFaq> tenants = new ConcurrentHashMap<>();
  private final boolean lexical;
  private final SentenceEmbedder embedder;
  private final int annMinWordings;

  private FaqLibrary(boolean lexical, SentenceEmbedder embedder, int annMinWordings) {
    this.lexical = lexical;
    this.embedder = embedder;
    this.annMinWordings = annMinWordings;
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
    return new FaqLibrary(true, SentenceEmbedder.shared(), annMinWordings);
  }

  /** Exact and BM25 only: no model is loaded. */
  public static FaqLibrary lexicalOnly() {
    return new FaqLibrary(true, null, Integer.MAX_VALUE);
  }

  /** Exact wordings only. */
  public static FaqLibrary exactOnly() {
    return new FaqLibrary(false, null, Integer.MAX_VALUE);
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
    byTenant.forEach((tenant, entries) -> tenant(tenant, true).upsertAll(entries));
  }

  public void remove(String tenantId, String faqId) {
    TenantFaq t = tenants.get(tenantId);
    if (t != null) {
      t.remove(faqId);
    }
  }

  /**
   * Embeds a tenant's English wordings with the Chinese model now, instead of on the tenant's first
   * Chinese inquiry (which would otherwise pay for it on the matching thread: minutes for a
   * 10,000-entry FAQ). Call at startup for tenants that receive Chinese inquiries.
   */
  public void prepareForChineseInquiries(String tenantId) {
    TenantFaq t = tenants.get(tenantId);
    if (t != null) {
      t.space(ScriptDetector.Script.HAN);
    }
  }

  /** The number of entries a tenant has. */
  public int size(String tenantId) {
    TenantFaq t = tenants.get(tenantId);
    return t == null ? 0 : t.size();
  }

  TenantFaq tenant(String tenantId, boolean create) {
    return create
        ? tenants.computeIfAbsent(tenantId, t -> new TenantFaq(lexical, embedder, annMinWordings))
        : tenants.get(tenantId);
  }
}
