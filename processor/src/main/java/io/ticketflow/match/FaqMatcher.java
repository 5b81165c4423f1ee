package io.ticketflow.match;

import io.ticketflow.schema.FaqEntry;
import java.time.Duration;
import java.util.Collection;

/**
 * Decides which FAQ entries answer an inquiry, and how sure it is. Implementations are
 * thread-safe: the Streams global thread calls {@link #upsert}/{@link #remove} while stream
 * threads call {@link #match}; a change is visible to the next {@code match} call.
 */
public interface FaqMatcher {

  /**
   * Ranks the tenant's FAQ entries for {@code text}.
   *
   * @param language the inquiry's BCP-47 language if the helpdesk knows it, else null
   */
  MatchResult match(String tenantId, String text, String language);

  /** Adds an entry or replaces the entry with the same tenant and id. */
  void upsert(FaqEntry entry);

  /**
   * Adds or replaces many entries at once, as when the processor loads its FAQ store at start-up.
   * By default one {@link #upsert} each; matchers that embed wordings override it to embed a whole
   * FAQ in shared batches (faster, and the vectors {@code eval} and {@code calibrate} compute when
   * they load an FAQ file). If it throws, some of the entries may have been applied.
   */
  default void upsertAll(Collection<FaqEntry> entries) {
    for (FaqEntry e : entries) {
      upsert(e);
    }
  }

  /**
   * Matches made-up inquiries against the loaded FAQ for at most {@code budget}, so that the first
   * real inquiries are not the ones that wait for the JIT compiler; the processor calls it once its
   * FAQ store is loaded, before it takes inquiries. Returns how many matches it ran. By default
   * nothing: a matcher without a costly first phase needs no warm-up.
   */
  default int warmUp(Duration budget) {
    return 0;
  }

  /**
   * Ends a {@link #warmUp} running on another thread after its current match, and makes later ones
   * return at once. The processor calls it when it is asked to stop, so that a shutdown during
   * start-up does not wait out the warm-up's budget. By default nothing.
   */
  default void stopWarmUp() {
  }

  /** Removes an entry; unknown ids are ignored. */
  void remove(String tenantId, String faqId);

  /** The name recorded in audit records, e.g. {@code exact} or {@code hybrid}. */
  String name();
}
