package io.ticketflow.match;

import io.ticketflow.schema.FaqEntry;

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

  /** Removes an entry; unknown ids are ignored. */
  void remove(String tenantId, String faqId);

  /** The name recorded in audit records, e.g. {@code exact} or {@code hybrid}. */
  String name();
}
