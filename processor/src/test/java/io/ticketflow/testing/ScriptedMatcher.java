package io.ticketflow.testing;

import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.match.FaqCandidate;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.match.MatchResult;
import io.ticketflow.schema.FaqEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A matcher whose answers a test scripts: an exact FAQ hit wins; otherwise the first rule whose
 * text fragment the inquiry contains; otherwise the fallback candidates. FAQ updates go to the
 * exact matcher, so hot reload still works.
 */
public final class ScriptedMatcher implements FaqMatcher {
  public static final String NAME = "scripted";
  private final ExactFaqMatcher exact = new ExactFaqMatcher();
  private final List<Rule> rules = new ArrayList<>();
  private List<FaqCandidate> fallback = List.of();

  private record Rule(String fragment, Function<String, MatchResult> result) {}

  /** The refund entry as a weak candidate: below any answer threshold, so the answer stage decides. */
  public static FaqCandidate weakRefund() {
    return new FaqCandidate("refund-policy", "How do refunds work?",
        "Refunds are paid within 7 days to the original payment method.", "en", 0.3);
  }

  /** Inquiries without an exact hit get {@code candidates}. */
  public ScriptedMatcher otherwise(FaqCandidate... candidates) {
    this.fallback = List.of(candidates);
    return this;
  }

  /** Inquiries containing {@code fragment} get {@code candidates} (none: no match at all). */
  public ScriptedMatcher when(String fragment, FaqCandidate... candidates) {
    rules.add(new Rule(fragment, text -> new MatchResult(List.of(candidates), NAME, 1)));
    return this;
  }

  /** Inquiries containing {@code fragment} make the matcher throw, like a bug would. */
  public ScriptedMatcher failWhen(String fragment) {
    rules.add(new Rule(fragment, text -> {
      throw new IllegalStateException("matcher bug");
    }));
    return this;
  }

  @Override
  public MatchResult match(String tenantId, String text, String language) {
    for (Rule rule : rules) {
      if (text.contains(rule.fragment())) {
        return rule.result().apply(text);
      }
    }
    MatchResult result = exact.match(tenantId, text, language);
    if (result.confidence() > 0) {
      return result;
    }
    return new MatchResult(fallback, NAME, 1);
  }

  @Override
  public void upsert(FaqEntry entry) {
    exact.upsert(entry);
  }

  @Override
  public void remove(String tenantId, String faqId) {
    exact.remove(tenantId, faqId);
  }

  @Override
  public String name() {
    return NAME;
  }
}
