package io.ticketflow.match;

import static io.ticketflow.testing.Inquiries.faq;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.FaqEntry;
import io.ticketflow.testing.Bm25Matcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  /** BM25 over {@link #library()}, running {@code beforeMatch} first and counting matches with candidates. */
  private static final class Bm25 extends Bm25Matcher {
    final AtomicInteger withCandidates = new AtomicInteger();
    private final Runnable beforeMatch;

    Bm25(Runnable beforeMatch) {
      super(WarmUpTest.library());
      this.beforeMatch = beforeMatch;
    }

    @Override
    public MatchResult match(String tenantId, String text, String language) {
      beforeMatch.run();
      MatchResult result = super.match(tenantId, text, language);
      if (!result.candidates().isEmpty()) {
        withCandidates.incrementAndGet();
      }
      return result;
    }
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
    Bm25 matcher = new Bm25(() -> { });
    assertThat(matcher.warmUp(Duration.ofMinutes(5))).isEqualTo(SignalMatcher.WARM_UP_MATCHES);
    assertThat(matcher.withCandidates).hasValue(SignalMatcher.WARM_UP_MATCHES);
  }

  @Test
  void aStoppedWarmUpEndsAfterItsCurrentMatch() throws Exception {
    CountDownLatch matching = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Bm25 matcher = new Bm25(() -> {
      matching.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    CompletableFuture<Integer> warmUp = CompletableFuture.supplyAsync(() -> matcher.warmUp(Duration.ofMinutes(5)));
    assertThat(matching.await(30, TimeUnit.SECONDS)).isTrue();

    matcher.stopWarmUp();
    release.countDown();
    assertThat(warmUp.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(matcher.warmUp(Duration.ofMinutes(5))).as("stopped for good").isZero();
  }

  @Test
  void warmUpStopsAtItsBudgetAndDoesNothingWithoutEntries() {
    assertThat(new LexicalFaqMatcher(library()).warmUp(Duration.ZERO)).isZero();
    assertThat(new LexicalFaqMatcher(FaqLibrary.lexicalOnly()).warmUp(Duration.ofMinutes(5))).isZero();
  }
}
