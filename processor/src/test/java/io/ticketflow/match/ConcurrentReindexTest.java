package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.FaqEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Matching while another thread re-indexes the same tenant: no errors, stable entries stay found —
 * with exact vector search and with every space on the HNSW graph (threshold of 1 wording).
 */
class ConcurrentReindexTest {

  @ParameterizedTest(name = "approximate search from {0} wordings")
  @ValueSource(ints = {Integer.MAX_VALUE, 1})
  void matchingDuringConcurrentUpsertsAndRemovesStaysCorrect(int annMinWordings) throws Exception {
    HybridFaqMatcher matcher = new HybridFaqMatcher(FaqLibrary.full(annMinWordings), Calibration.loadDefault());
    matcher.library().upsertAll(TestFaqs.bilingualFaq());
    List<FaqEntry> churn = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      churn.add(TestFaqs.entry("churn-" + i, "warranty question number " + i,
          List.of("生日礼物包装 " + i), "en"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger matches = new AtomicInteger();
    try {
      Future<?> writer = pool.submit(() -> {
        for (int round = 0; round < 3; round++) {
          for (FaqEntry e : churn) {
            matcher.upsert(e);
          }
          for (FaqEntry e : churn) {
            matcher.remove(TestFaqs.TENANT, e.getId());
          }
        }
        writing.set(false);
      });
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          while (writing.get() || matches.get() < 20) {
            assertThat(matcher.match(TestFaqs.TENANT, "I forgot my password", null).best())
                .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("reset-password"));
            assertThat(matcher.match(TestFaqs.TENANT, "怎麼查詢物流", null).best())
                .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("track-order"));
            matches.incrementAndGet();
          }
        }));
      }
      writer.get(2, TimeUnit.MINUTES);
      for (Future<?> r : readers) {
        r.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(matches.get()).isGreaterThanOrEqualTo(20);
    assertThat(matcher.library().size(TestFaqs.TENANT)).isEqualTo(TestFaqs.bilingualFaq().size());
    assertThat(matcher.match(TestFaqs.TENANT, "warranty question number 3", null).candidates())
        .noneMatch(c -> c.faqId().startsWith("churn-"));
  }
}
