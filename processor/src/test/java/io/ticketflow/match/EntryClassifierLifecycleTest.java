package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.ScriptDetector.Script;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.testing.Inquiries;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * When a space's entry classifier is (re)trained: by the first search after a change without a
 * training executor (eval), on the executor after each change when serving — and a classifier
 * older than the space's entries is never used.
 */
class EntryClassifierLifecycleTest {

  private static final List<String> ENGLISH = List.of("shipping-international", "reset-password", "printer-wifi");

  private static VectorIndex english(FaqLibrary library) {
    return library.tenant(TestFaqs.TENANT).space(Script.LATIN);
  }

  private static double[] logits(VectorIndex space, String inquiry, List<String> ids) {
    EntryClassifier c = space.classifier();
    return c == null ? null : c.logits(space.embedQuery(TextNormalizer.normalize(inquiry)), ids);
  }

  @Test
  void withoutAnExecutorTheFirstSearchAfterAChangeTrainsIt() {
    FaqLibrary library = FaqLibrary.full();
    List<FaqEntry> faq = TestFaqs.bilingualFaq();
    FaqEntry printer = faq.stream().filter(e -> e.getId().equals("printer-wifi")).findFirst().orElseThrow();
    library.upsertAll(faq.stream().filter(e -> e != printer).toList());
    VectorIndex space = english(library);

    double[] before = logits(space, "my printer will not connect to wifi", ENGLISH);
    assertThat(before[0]).isFinite();
    assertThat(before[2]).as("not an entry yet").isNaN();

    library.upsert(printer);
    double[] after = logits(space, "my printer will not connect to wifi", ENGLISH);
    assertThat(after[2]).isFinite();
    assertThat(after[2]).isGreaterThan(Math.max(after[0], after[1]));
  }

  @Test
  void servingTrainsOnTheExecutorAndNeverUsesAStaleClassifier() {
    Queue<Runnable> training = new ArrayDeque<>();
    FaqLibrary library = FaqLibrary.serving(Runnable::run, training::add);
    List<FaqEntry> faq = TestFaqs.bilingualFaq();
    FaqEntry printer = faq.stream().filter(e -> e.getId().equals("printer-wifi")).findFirst().orElseThrow();
    library.upsertAll(faq.stream().filter(e -> e != printer).toList());
    VectorIndex space = english(library);

    assertThat(training).as("queued by the change, one job per space").hasSize(2);
    assertThat(logits(space, "my printer will not connect to wifi", ENGLISH)).isNull();
    runAll(training);
    assertThat(logits(space, "my printer will not connect to wifi", ENGLISH)[0]).isFinite();

    library.upsert(printer);
    assertThat(logits(space, "my printer will not connect to wifi", ENGLISH)).as("stale").isNull();
    runAll(training);
    double[] after = logits(space, "my printer will not connect to wifi", ENGLISH);
    assertThat(after[2]).isGreaterThan(Math.max(after[0], after[1]));
    assertThat(training).isEmpty();
  }

  /**
   * A change to Chinese wordings leaves the English space as it was: its classifier stays in use and
   * is not trained again (every update bumped both spaces, so each Chinese FAQ edit left English
   * inquiries without classifiers until a needless retraining was done).
   */
  @Test
  void aChangeInOneSpaceKeepsTheOtherSpacesClassifier() {
    Queue<Runnable> training = new ArrayDeque<>();
    FaqLibrary library = FaqLibrary.serving(Runnable::run, training::add);
    library.upsertAll(TestFaqs.bilingualFaq());
    runAll(training);
    VectorIndex space = english(library);
    assertThat(space.classifier()).isNotNull();

    library.upsert(TestFaqs.entry("gift-wrap", "可以包装礼物吗", List.of("礼品包装"), "zh"));

    assertThat(space.classifier()).as("English classifier after a Chinese change").isNotNull();
    assertThat(training).as("only the Chinese space trains again").hasSize(1);
  }

  /** The calibration scores an inquiry with the models fitted for the classifiers it was scored with. */
  @Test
  void signalsSayWhetherTheSpaceHadItsClassifiers() {
    Queue<Runnable> training = new ArrayDeque<>();
    FaqLibrary library = FaqLibrary.serving(Runnable::run, training::add);
    library.upsertAll(TestFaqs.bilingualFaq());
    SemanticFaqMatcher matcher = new SemanticFaqMatcher(library);

    assertThat(matcher.signals(TestFaqs.TENANT, "my printer will not connect to wifi"))
        .as("still training").isNotEmpty().allMatch(s -> s.classifiers() == Signals.Classifiers.NONE);
    runAll(training);
    assertThat(matcher.signals(TestFaqs.TENANT, "my printer will not connect to wifi"))
        .isNotEmpty().allMatch(s -> s.classifiers() == Signals.Classifiers.BOTH);

    FaqLibrary single = FaqLibrary.full();
    single.upsertAll(TestFaqs.bilingualFaq().stream().filter(e -> e.getId().equals("printer-wifi")).toList());
    assertThat(new SemanticFaqMatcher(single).signals(TestFaqs.TENANT, "my printer will not connect to wifi"))
        .as("one entry: nothing to tell apart").isNotEmpty()
        .allMatch(s -> s.classifiers() == Signals.Classifiers.NONE);
  }

  /**
   * The classifiers learn a space's own language only: a Chinese inquiry about an English-only FAQ
   * has no candidate they could know, which is how the main models saw cross-lingual inquiries.
   */
  @Test
  void candidatesAllInAnotherLanguageAreScoredByTheMainModels() {
    FaqLibrary english = FaqLibrary.full();
    english.upsertAll(TestFaqs.bilingualFaq().stream().filter(e -> e.getLanguage().equals("en")).toList());
    assertThat(new SemanticFaqMatcher(english).signals(TestFaqs.TENANT, "打印机连不上无线网"))
        .isNotEmpty().allMatch(s -> !s.languageAgrees() && s.classifiers() == Signals.Classifiers.OTHER_LANGUAGE)
        .allMatch(s -> s.classifiers().scoredByMainModels());

    FaqLibrary bilingual = FaqLibrary.full().withoutClassifiers();
    bilingual.upsertAll(TestFaqs.bilingualFaq());
    assertThat(new SemanticFaqMatcher(bilingual).signals(TestFaqs.TENANT, "打印机连不上无线网"))
        .isNotEmpty().anyMatch(Signals::languageAgrees).allMatch(s -> s.classifiers() == Signals.Classifiers.NONE);
  }

  /**
   * The 1,000-entry limit counts the space's own language: the Chinese space of a bilingual FAQ also
   * holds every English entry for cross-lingual search, and keeps its classifiers beyond 1,000.
   */
  @Test
  void theEntryLimitCountsTheSpacesOwnLanguage() {
    List<FaqEntry> faq = new ArrayList<>(TestFaqs.bilingualFaq());
    for (int i = 0; i <= EntryClassifier.MAX_ENTRIES; i++) {
      FaqEntry e = Inquiries.faq("extra-" + i, "Question number " + i + " about an order", "answer");
      e.setTenantId(TestFaqs.TENANT);
      e.setLanguage("en");
      faq.add(e);
    }
    FaqLibrary library = FaqLibrary.full();
    library.upsertAll(faq);
    // Over 1,000 English entries; the Chinese space now holds them too, beside its 14 Chinese ones.
    library.prepareForChineseInquiries(TestFaqs.TENANT);

    SemanticFaqMatcher matcher = new SemanticFaqMatcher(library);
    assertThat(matcher.signals(TestFaqs.TENANT, "怎么退款"))
        .isNotEmpty().allMatch(s -> s.classifiers() == Signals.Classifiers.BOTH);
    assertThat(matcher.signals(TestFaqs.TENANT, "how do I get a refund"))
        .as("the English space is over the limit").isNotEmpty()
        .allMatch(s -> s.classifiers() == Signals.Classifiers.NONE);
  }

  @Test
  void aRejectedTrainingIsQueuedAgainByTheNextSearch() {
    Queue<Runnable> training = new ArrayDeque<>();
    int[] offered = {0};
    FaqLibrary library = FaqLibrary.serving(Runnable::run, job -> {
      if (offered[0]++ < 2) { // both spaces' first offers, made by the load
        throw new java.util.concurrent.RejectedExecutionException("full");
      }
      training.add(job);
    });
    library.upsertAll(TestFaqs.bilingualFaq());
    VectorIndex space = english(library);
    assertThat(training).isEmpty();

    assertThat(logits(space, "my printer will not connect to wifi", ENGLISH)).isNull();
    assertThat(training).hasSize(1);
    runAll(training);
    assertThat(logits(space, "my printer will not connect to wifi", ENGLISH)[2]).isFinite();
  }

  @Test
  void theChineseSpaceClassifierKnowsOnlyEntriesWithChineseWordings() {
    FaqLibrary library = FaqLibrary.full();
    library.upsertAll(TestFaqs.bilingualFaq());
    VectorIndex zh = library.tenant(TestFaqs.TENANT).space(Script.HAN); // covers English wordings too
    List<String> ids = List.of("refund-policy", "printer-wifi");
    double[] logits = zh.classifier().logits(zh.embedQuery("怎么申请退款"), ids);
    assertThat(logits[0]).isFinite();
    assertThat(logits[1]).as("English-only entry").isNaN();
    double[] grams = zh.classifier().gramLogits("怎么申请退款", ids);
    assertThat(grams[0]).isFinite();
    assertThat(grams[1]).as("English-only entry").isNaN();
  }

  private static void runAll(Queue<Runnable> jobs) {
    while (!jobs.isEmpty()) {
      jobs.remove().run();
    }
  }
}
