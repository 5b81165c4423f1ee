package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.match.Calibration;
import io.ticketflow.match.SignalMatcher;
import io.ticketflow.match.Signals;
import io.ticketflow.schema.FaqEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code eval --no-classifiers} builds: spaces that train no entry classifiers. */
class MatcherChoiceTest {

  private static final List<FaqEntry> FAQ = List.of(entry("track", "Where is my parcel?"),
      entry("refund", "How long does a refund take?"), entry("hours", "When are you open?"));

  private static FaqEntry entry(String id, String question) {
    return FaqEntry.newBuilder().setId(id).setTenantId(EvalCommand.TENANT).setQuestion(question)
        .setAlternates(List.of()).setAnswer("a").setLanguage("en").setTags(List.of())
        .setUpdatedAt(Instant.EPOCH).build();
  }

  private static List<Signals> signals(boolean classifiers) {
    SignalMatcher hybrid = MatcherChoice.HYBRID.build(Calibration.loadDefault(), classifiers).get(0);
    hybrid.library().upsertAll(FAQ);
    return hybrid.signals(EvalCommand.TENANT, "where's my package");
  }

  @Test
  void withoutClassifiersEveryInquiryIsScoredAsAnFaqThatHasNone() {
    assertThat(signals(true)).isNotEmpty().allMatch(s -> s.classifiers() == Signals.Classifiers.BOTH);
    assertThat(signals(false)).isNotEmpty().allMatch(s -> s.classifiers() == Signals.Classifiers.NONE);
  }
}
