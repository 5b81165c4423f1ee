package io.ticketflow.match;

import static io.ticketflow.testing.Inquiries.faq;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.FaqEntry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The matcher's start-up warm-up: made-up inquiries from the FAQ's own wordings, bounded. */
class WarmUpTest {

  private static FaqEntry of(String tenant, String id, String question, String... alternates) {
    FaqEntry e = faq(id, question, "answer", alternates);
    e.setTenantId(tenant);
    return e;
  }

  private static FaqLibrary library() {
    FaqLibrary library = FaqLibrary.lexicalOnly();
    library.upsertAll(List.of(
        of("shop", "refund", "How do refunds work?", "退款要多久"),
        of("shop", "x", "x"),
        of("bank", "card", "I lost my card", "卡丢了")));
    return library;
  }

  @Test
  void inquiriesAreTheWordingsWithoutTheirFirstWordTenantsTakingTurns() {
    assertThat(library().warmUpInquiries(100)).containsExactly(
        new FaqLibrary.Inquiry("bank", "lost my card"),
        new FaqLibrary.Inquiry("shop", "do refunds work?"),
        new FaqLibrary.Inquiry("bank", "丢了"),
        new FaqLibrary.Inquiry("shop", "款要多久"));
    assertThat(library().warmUpInquiries(3)).hasSize(3);
  }

  @Test
  void noInquiryIsAnExactHit() {
    FaqLibrary library = library();
    NormalizedExactMatcher exact = new NormalizedExactMatcher(library);
    for (FaqLibrary.Inquiry q : library.warmUpInquiries(100)) {
      assertThat(exact.match(q.tenantId(), q.text(), null).best()).as(q.text()).isEmpty();
    }
  }

  @Test
  void warmUpRunsUpToItsMatchLimitThroughTheFullMatchPath() {
    AtomicInteger matches = new AtomicInteger();
    SignalMatcher matcher = new SignalMatcher(library()) {
      @Override
      public MatchResult match(String tenantId, String text, String language) {
        MatchResult result = super.match(tenantId, text, language);
        if (!result.candidates().isEmpty()) {
          matches.incrementAndGet();
        }
        return result;
      }

      @Override
      protected double score(Signals s) {
        return s.bm25Rel();
      }

      @Override
      public String name() {
        return "counting";
      }
    };

    assertThat(matcher.warmUp(Duration.ofMinutes(5))).isEqualTo(SignalMatcher.WARM_UP_MATCHES);
    assertThat(matches).hasValue(SignalMatcher.WARM_UP_MATCHES);
  }

  @Test
  void warmUpStopsAtItsBudgetAndDoesNothingWithoutEntries() {
    assertThat(new LexicalFaqMatcher(library()).warmUp(Duration.ZERO)).isZero();
    assertThat(new LexicalFaqMatcher(FaqLibrary.lexicalOnly()).warmUp(Duration.ofMinutes(5))).isZero();
  }
}
