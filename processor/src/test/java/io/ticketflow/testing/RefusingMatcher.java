package io.ticketflow.testing;

import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.match.MatchResult;
import io.ticketflow.schema.FaqEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An exact matcher that refuses some entries ("cannot index"), as a matcher bug would, and records
 * how it was loaded: bulk updates (entry ids per call) and single upserts. A bulk update holding a
 * refused entry fails as a whole, before it applies anything.
 */
public final class RefusingMatcher implements FaqMatcher {
  private final ExactFaqMatcher exact = new ExactFaqMatcher();
  private final Predicate<String> refuses;
  public final List<List<String>> bulkLoads = Collections.synchronizedList(new ArrayList<>());
  public final List<String> singleUpserts = Collections.synchronizedList(new ArrayList<>());
  /** The budgets of the warm-ups asked for, with the entries loaded by then. */
  public final List<String> warmUps = Collections.synchronizedList(new ArrayList<>());
  private volatile RuntimeException warmUpFailure;

  private RefusingMatcher(Predicate<String> refuses) {
    this.refuses = refuses;
  }

  /** Refuses the entries with these ids. */
  public static RefusingMatcher refusing(String... faqIds) {
    return new RefusingMatcher(Set.of(faqIds)::contains);
  }

  /** Refuses every entry. */
  public static RefusingMatcher refusingAll() {
    return new RefusingMatcher(id -> true);
  }

  @Override
  public void upsertAll(Collection<FaqEntry> entries) {
    bulkLoads.add(entries.stream().map(FaqEntry::getId).toList());
    if (entries.stream().map(FaqEntry::getId).anyMatch(refuses)) {
      throw new IllegalArgumentException("cannot index");
    }
    entries.forEach(exact::upsert);
  }

  @Override
  public void upsert(FaqEntry entry) {
    singleUpserts.add(entry.getId());
    if (refuses.test(entry.getId())) {
      throw new IllegalArgumentException("cannot index");
    }
    exact.upsert(entry);
  }

  /** Makes {@link #warmUp} throw {@code failure} (after recording the call). */
  public RefusingMatcher failingWarmUp(RuntimeException failure) {
    this.warmUpFailure = failure;
    return this;
  }

  @Override
  public int warmUp(Duration budget) {
    warmUps.add(budget + " after " + bulkLoads.size() + " bulk loads and " + singleUpserts.size() + " upserts");
    if (warmUpFailure != null) {
      throw warmUpFailure;
    }
    return 1;
  }

  @Override
  public void remove(String tenantId, String faqId) {
    exact.remove(tenantId, faqId);
  }

  @Override
  public MatchResult match(String tenantId, String text, String language) {
    return exact.match(tenantId, text, language);
  }

  @Override
  public String name() {
    return "refusing";
  }
}
