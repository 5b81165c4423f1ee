package io.ticketflow.faq;

import io.micrometer.core.instrument.Counter;
import io.ticketflow.match.Languages;
import io.ticketflow.match.FaqCandidate;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.match.MatchResult;
import io.ticketflow.match.Signals;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.StageProcessor;
import io.ticketflow.route.WorkItem;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.ReplySource;
import java.util.List;
import java.util.Locale;

/**
 * Stage 5: asks the {@link FaqMatcher} and answers from the FAQ when the best candidate's
 * confidence reaches the threshold; otherwise the item stays undecided, with its match result,
 * for the answer stage. Matching uses the customer's original text: it never leaves the process,
 * and placeholders from redaction would only hide words that can matter for the match.
 */
public final class MatchProcessor extends StageProcessor {
  public static final String STAGE = "match";
  private final FaqMatcher matcher;
  private final double answerThreshold;
  private final boolean translateAcrossLanguages;
  /** Matches per {@link Signals.Classifiers} case, by ordinal. */
  private final Counter[] byClassifiers;

  public MatchProcessor(FaqMatcher matcher, double answerThreshold, PipelineMetrics metrics) {
    this(matcher, answerThreshold, metrics, false);
  }

  /**
   * @param translateAcrossLanguages leave a confident match in another language than the
   *     inquiry undecided, so the answer stage (the LLM) replies in the customer's language
   */
  public MatchProcessor(FaqMatcher matcher, double answerThreshold, PipelineMetrics metrics,
      boolean translateAcrossLanguages) {
    super(STAGE, metrics);
    this.matcher = matcher;
    this.answerThreshold = answerThreshold;
    this.translateAcrossLanguages = translateAcrossLanguages;
    Signals.Classifiers[] cases = Signals.Classifiers.values();
    this.byClassifiers = new Counter[cases.length];
    for (Signals.Classifiers c : cases) {
      byClassifiers[c.ordinal()] = metrics.matchClassifiersCounter(c.name().toLowerCase(Locale.ROOT));
    }
  }

  @Override
  protected WorkItem apply(WorkItem item, long recordTimestamp) {
    Inquiry in = item.inquiry();
    MatchResult result = matcher.match(in.getTenantId(), in.getText(), in.getLanguage());
    if (result.classifiers() != null) {
      byClassifiers[result.classifiers().ordinal()].increment();
    }
    WorkItem next = item.withMatch(result);
    if (result.confidence() >= answerThreshold && result.best().isPresent()
        && !(translateAcrossLanguages && inAnotherLanguage(in, result.best().get()))) {
      FaqCandidate best = result.best().get();
      next = next.withOutcome(new Outcome.Answered(ReplySource.FAQ, best.faqId(), best.answer(),
          best.language(), best.score(), List.of(best.faqId())));
    }
    return next;
  }

  static boolean inAnotherLanguage(Inquiry in, FaqCandidate best) {
    return !Languages.primary(in.getLanguage(), in.getText())
        .equals(Languages.primary(best.language(), best.answer()));
  }
}
