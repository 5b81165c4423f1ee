package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.FaqEntry;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * A serving library embeds English wordings for Chinese inquiries off the matching thread: the
 * first Chinese inquiry only queues the job, and answers appear once the job has run.
 */
class CrossLingualInBackgroundTest {

  private static final String TENANT = "en-only";

  private final Queue<Runnable> jobs = new ArrayDeque<>();
  private final SemanticFaqMatcher matcher = new SemanticFaqMatcher(FaqLibrary.serving(jobs::add, Runnable::run));

  private static List<FaqEntry> englishEntries() {
    return TestFaqs.bilingualFaq().stream()
        .filter(e -> e.getLanguage().equals("en"))
        .map(e -> FaqEntry.newBuilder(e).setTenantId(TENANT).build())
        .toList();
  }

  @Test
  void firstChineseInquiryQueuesTheEmbeddingOnceAndLaterInquiriesFindEnglishEntries() {
    matcher.library().upsertAll(englishEntries());

    assertThat(matcher.match(TENANT, "打印机怎么连接无线网络", null).candidates()).isEmpty();
    assertThat(matcher.match(TENANT, "我忘记密码了", null).candidates()).isEmpty();
    assertThat(jobs).hasSize(1);
    assertThat(matcher.library().crossLingualReady(TENANT)).isFalse();

    jobs.remove().run();

    assertThat(matcher.library().crossLingualReady(TENANT)).isTrue();
    assertThat(matcher.match(TENANT, "打印机怎么连接无线网络", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("printer-wifi"));
    assertThat(jobs).isEmpty();
  }

  @Test
  void englishEntriesAddedAfterTheEmbeddingReachChineseInquiriesToo() {
    List<FaqEntry> all = englishEntries();
    FaqEntry printer = all.stream().filter(e -> e.getId().equals("printer-wifi")).findFirst().orElseThrow();
    matcher.library().upsertAll(all.stream().filter(e -> e != printer).toList());
    matcher.match(TENANT, "打印机怎么连接无线网络", null);
    jobs.remove().run();
    assertThat(matcher.match(TENANT, "打印机怎么连接无线网络", null).candidates())
        .extracting(FaqCandidate::faqId).doesNotContain("printer-wifi");

    matcher.library().upsert(printer);

    assertThat(matcher.match(TENANT, "打印机怎么连接无线网络", null).best())
        .hasValueSatisfying(c -> assertThat(c.faqId()).isEqualTo("printer-wifi"));
    assertThat(jobs).isEmpty();
  }
}
