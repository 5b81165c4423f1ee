package io.ticketflow.match;

import io.ticketflow.schema.FaqEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The shared shape of this package's matchers: extract {@link Signals} from a {@link FaqLibrary},
 * keep the eligible candidates, order them by the subclass's score, return the best few.
 */
public abstract class SignalMatcher implements FaqMatcher {

  /** How many candidates a result carries at most. */
  public static final int MAX_CANDIDATES = 5;
  /**
   * Matches after which a warm-up stops: on the 10,000-entry benchmark FAQ the p99 of the following
   * matches was 1.5–2 ms higher after 300 than after 3,000 (docs/benchmarks.md).
   */
  public static final int WARM_UP_MATCHES = 3_000;

  private final FaqLibrary library;
  private volatile boolean warmUpStopped;

  protected SignalMatcher(FaqLibrary library) {
    this.library = library;
  }

  /** A confidence in [0, 1]; only its order matters for ranking, its value for the threshold. */
  protected abstract double score(Signals s);

  protected boolean eligible(Signals s) {
    return true;
  }

  /** A candidate's signals and this matcher's confidence for it. */
  public record Scored(Signals signals, double score) {}

  /** The eligible candidates, best first (ties broken by id so runs are reproducible). */
  public List<Scored> rank(List<Signals> signals) {
    List<Scored> scored = new ArrayList<>();
    for (Signals s : signals) {
      if (eligible(s)) {
        scored.add(new Scored(s, Math.max(0, Math.min(1, score(s)))));
      }
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed()
        .thenComparing(sc -> sc.signals().faqId()));
    return scored;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The {@code language} hint is not used: the script of the text itself routes the inquiry,
   * which is right for the mixed and mislabelled texts helpdesks deliver.
   */
  @Override
  public MatchResult match(String tenantId, String text, String language) {
    long start = System.nanoTime();
    TenantFaq faq = library.tenant(tenantId);
    if (faq == null) {
      return MatchResult.none(name(), micros(start));
    }
    List<Scored> scored = rank(SignalExtractor.extract(faq, text));
    List<FaqCandidate> out = new ArrayList<>(MAX_CANDIDATES);
    for (Scored sc : scored) {
      IndexedEntry e = faq.entry(sc.signals().faqId());
      if (e != null) {
        out.add(new FaqCandidate(e.faqId(), e.question(), e.answer(), e.language(), sc.score()));
      }
      if (out.size() == MAX_CANDIDATES) {
        break;
      }
    }
    return new MatchResult(out, name(), micros(start), out.isEmpty() ? null : scoredWith(scored));
  }

  /**
   * What {@link MatchResult#classifiers()} reports for a ranked list: null here; a matcher that
   * scores with a calibration's models for each classifier case says which case scored the best
   * candidate.
   */
  protected Signals.Classifiers scoredWith(List<Scored> ranked) {
    return null;
  }

  /** The raw signals of an inquiry's candidates (for fitting a calibration). */
  public List<Signals> signals(String tenantId, String text) {
    TenantFaq faq = library.tenant(tenantId);
    return faq == null ? List.of() : SignalExtractor.extract(faq, text);
  }

  @Override
  public void upsert(FaqEntry entry) {
    library.upsert(entry);
  }

  @Override
  public void upsertAll(Collection<FaqEntry> entries) {
    library.upsertAll(entries);
  }

  @Override
  public void remove(String tenantId, String faqId) {
    library.remove(tenantId, faqId);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The inquiries are the FAQ's own wordings with their first word (or, without spaces, their first
   * character) left out, so that as a rule they are no exact hits and take the whole path: BM25, embedding,
   * vector search, the classifiers, fusion. Tenants take turns, and the wordings are used over again
   * until {@link #WARM_UP_MATCHES} matches or the budget, whichever comes first. Chinese wordings
   * start the tenant's cross-lingual embedding, as its first Chinese inquiry would.
   */
  @Override
  public int warmUp(Duration budget) {
    List<FaqLibrary.Inquiry> inquiries = library.warmUpInquiries(WARM_UP_MATCHES);
    long deadline = System.nanoTime() + budget.toNanos();
    int n = 0;
    while (!inquiries.isEmpty() && n < WARM_UP_MATCHES && System.nanoTime() - deadline < 0 && !warmUpStopped) {
      FaqLibrary.Inquiry inquiry = inquiries.get(n % inquiries.size());
      match(inquiry.tenantId(), inquiry.text(), null);
      n++;
    }
    return n;
  }

  @Override
  public void stopWarmUp() {
    warmUpStopped = true;
  }

  public FaqLibrary library() {
    return library;
  }

  private static long micros(long start) {
    return (System.nanoTime() - start) / 1_000;
  }
}
