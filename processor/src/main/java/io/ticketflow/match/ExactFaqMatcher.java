package io.ticketflow.match;

import io.ticketflow.schema.FaqEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;

/**
 * The first matcher: an inquiry matches an entry when, normalized, it equals the entry's question
 * or one of its alternates (confidence 1.0); otherwise there is no candidate. Normalization is
 * deliberately simple (NFKC, lower case, punctuation and whitespace removed) so that "退款政策是什么？"
 * and "退款政策 是什么" match, and nothing fuzzier does: fuzzy matching is the hybrid matcher's job.
 *
 * <p>Thread-safe: writers are serialized, readers see concurrent maps and sets.
 */
public final class ExactFaqMatcher implements FaqMatcher {
  public static final String NAME = "exact";
  private static final Pattern NOISE = Pattern.compile("[\\p{P}\\p{S}\\p{Z}\\s]+");

  private record Indexed(FaqEntry entry, List<String> keys) {}

  /** tenant -> faqId -> entry with its normalized keys. */
  private final Map<String, Map<String, Indexed>> entries = new ConcurrentHashMap<>();
  /** tenant -> normalized text -> faqIds with that text (smallest id wins, independent of order). */
  private final Map<String, Map<String, NavigableSet<String>>> index = new ConcurrentHashMap<>();

  /** {@link TextNormalizer}'s form (NFKC, Simplified Chinese, lower case, no punctuation), without spaces. */
  public static String normalize(String text) {
    return NOISE.matcher(TextNormalizer.normalize(text)).replaceAll("");
  }

  @Override
  public MatchResult match(String tenantId, String text, String language) {
    long start = System.nanoTime();
    Map<String, NavigableSet<String>> byText = index.get(tenantId);
    NavigableSet<String> ids = byText == null ? null : byText.get(normalize(text));
    String faqId = ids == null || ids.isEmpty() ? null : ids.first();
    Indexed hit = faqId == null ? null : entries.getOrDefault(tenantId, Map.of()).get(faqId);
    long micros = (System.nanoTime() - start) / 1_000;
    if (hit == null) {
      return MatchResult.none(NAME, micros);
    }
    FaqEntry e = hit.entry();
    return new MatchResult(List.of(new FaqCandidate(e.getId(), e.getQuestion(), e.getAnswer(),
        e.getLanguage(), 1.0)), NAME, micros);
  }

  @Override
  public synchronized void upsert(FaqEntry entry) {
    List<String> keys = new ArrayList<>();
    keys.add(normalize(entry.getQuestion()));
    for (String alt : entry.getAlternates()) {
      keys.add(normalize(alt));
    }
    keys.removeIf(String::isEmpty);
    String tenantId = entry.getTenantId();
    Indexed previous = entries.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>())
        .put(entry.getId(), new Indexed(entry, List.copyOf(keys)));
    Map<String, NavigableSet<String>> byText = index.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>());
    if (previous != null) {
      unindex(byText, previous);
    }
    for (String k : keys) {
      byText.computeIfAbsent(k, x -> new ConcurrentSkipListSet<>()).add(entry.getId());
    }
  }

  @Override
  public synchronized void remove(String tenantId, String faqId) {
    Map<String, Indexed> tenant = entries.get(tenantId);
    Indexed removed = tenant == null ? null : tenant.remove(faqId);
    if (removed != null) {
      unindex(index.get(tenantId), removed);
    }
  }

  private static void unindex(Map<String, NavigableSet<String>> byText, Indexed old) {
    for (String k : old.keys()) {
      NavigableSet<String> ids = byText.get(k);
      if (ids != null) {
        ids.remove(old.entry().getId());
        if (ids.isEmpty()) {
          byText.remove(k);
        }
      }
    }
  }

  @Override
  public String name() {
    return NAME;
  }
}
