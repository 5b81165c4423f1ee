package io.ticketflow.answer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketflow.match.FaqCandidate;
import io.ticketflow.match.Languages;
import io.ticketflow.match.ScriptDetector;
import io.ticketflow.route.LlmUsage;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.WorkItem;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.schema.ReplySource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Turns one undecided work item into an outcome with the model, asynchronously: budget check,
 * prompt, call (through the resilience policy), validation and output guard, cost. The future
 * always completes normally — every failure becomes an escalation — so the caller never has to
 * handle an exception to keep its promise of one outcome per inquiry.
 */
public final class LlmAnswering implements AutoCloseable {

  /** The outcome for an item, and what the call cost (null when no call was made). */
  public record Result(String inquiryId, Outcome outcome, LlmUsage usage) {}

  private final AnswerClient client;
  private final PromptBuilder prompts;
  private final LlmAnswerValidator validator;
  private final PromptTemplates templates;
  /** tenant -> the guard against its own system prompts (llm.prompt-dir may hold a tenant's own). */
  private final java.util.Map<String, OutputGuard> outputGuards = new java.util.concurrent.ConcurrentHashMap<>();
  private final PriceTable prices;
  private final LlmBudget budget;
  private final int topK;
  private final String model;
  private final double answerThreshold;
  private final MeterRegistry meters;
  private final Counter promptTokens;
  private final Counter completionTokens;
  private final Counter costUsd;
  /** {@code ticketflow.llm.calls} by result, registered on first use (a registry lookup per call costs). */
  private final java.util.Map<String, Counter> calls = new java.util.concurrent.ConcurrentHashMap<>();

  public LlmAnswering(AnswerClient client, PromptTemplates templates, LlmSettings settings, LlmBudget budget,
      MeterRegistry meters) {
    this.client = client;
    this.prompts = new PromptBuilder(templates, settings.model());
    this.validator = new LlmAnswerValidator(settings.minConfidence(), settings.maxAnswerLength());
    this.templates = templates;
    this.prices = settings.prices();
    this.budget = budget;
    this.topK = settings.topK();
    this.model = settings.model();
    this.answerThreshold = settings.answerThreshold();
    this.meters = meters;
    this.promptTokens = meters.counter("ticketflow.llm.tokens", "type", "prompt");
    this.completionTokens = meters.counter("ticketflow.llm.tokens", "type", "completion");
    this.costUsd = Counter.builder("ticketflow.llm.cost").baseUnit("usd").register(meters);
  }

  /** The per-tenant daily budget the calls are checked against and recorded in. */
  LlmBudget budget() {
    return budget;
  }

  /** @param task the stream task asking, whose share of the budget the call's spend is added to */
  public CompletableFuture<Result> answer(String task, WorkItem item, List<PromptBuilder.Turn> history) {
    String inquiryId = item.inquiryId();
    String tenant = item.inquiry().getTenantId();
    List<FaqCandidate> candidates = item.match() == null ? List.of()
        : item.match().candidates().subList(0, Math.min(topK, item.match().candidates().size()));
    Optional<FaqCandidate> best = candidates.stream().findFirst();
    if (!budget.allows(tenant)) {
      count("budget_exhausted");
      return CompletableFuture.completedFuture(new Result(inquiryId, new Outcome.Escalated(
          EscalationReason.BUDGET_EXHAUSTED, "the tenant's daily LLM budget is spent",
          best.map(FaqCandidate::answer).orElse(null), best.map(FaqCandidate::faqId).orElse(null)), null));
    }
    String language = language(item);
    String text = item.guard() != null ? item.guard().redactedText() : item.inquiry().getText();
    // A confident match that reaches this stage is in another language: translate that one answer.
    boolean translate = best.isPresent() && best.get().score() >= answerThreshold;
    if (translate) {
      candidates = List.of(best.get());
    }
    LlmPrompt prompt = translate ? prompts.translate(tenant, language, text, best.get())
        : prompts.answer(tenant, language, text, candidates, history);
    List<FaqCandidate> knowledge = candidates;
    CompletableFuture<LlmCompletion> call;
    try {
      call = client.complete(prompt);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle((completion, failure) -> failure != null
        ? unavailable(inquiryId, failure, best)
        : decide(task, item, completion, knowledge, best, language));
  }

  private Result decide(String task, WorkItem item, LlmCompletion completion, List<FaqCandidate> candidates,
      Optional<FaqCandidate> best, String language) {
    String tenant = item.inquiry().getTenantId();
    String answeredBy = completion.model() == null || completion.model().isBlank() ? model : completion.model();
    // A server may name the model otherwise than asked (a router's "openai/gpt-4o-mini", an Azure
    // deployment): a name the price table does not list is priced as the configured model.
    double cost = prices.cost(prices.lists(answeredBy) ? answeredBy : model, completion.promptTokens(),
        completion.completionTokens());
    budget.record(task, tenant, completion.totalTokens(), cost);
    promptTokens.increment(completion.promptTokens());
    completionTokens.increment(completion.completionTokens());
    costUsd.increment(cost);
    LlmUsage usage = new LlmUsage(answeredBy, completion.promptTokens(), completion.completionTokens(), cost,
        completion.millis(), completion.attempts());
    LlmVerdict verdict = validator.validate(completion.content(), LlmAnswerValidator.ids(candidates));
    String bestId = best.map(FaqCandidate::faqId).orElse(null);
    OutputGuard outputGuard = outputGuards.computeIfAbsent(tenant, t -> new OutputGuard(
        List.of(templates.get(t, PromptTemplates.SYSTEM), templates.get(t, PromptTemplates.TRANSLATE))));
    if (verdict instanceof LlmVerdict.NeedsHuman human) {
      count("needs_human");
      // A draft an agent may send on passes the same guard as an answer, and is withheld likewise.
      Optional<String> draftProblem = human.draft() == null ? Optional.empty()
          : outputGuard.problem(human.draft(), item.inquiry().getText(), candidates);
      return new Result(item.inquiryId(), new Outcome.Escalated(EscalationReason.LLM_NEEDS_HUMAN,
          draftProblem.map(p -> human.detail() + "; draft withheld by the output guard: " + p).orElse(human.detail()),
          draftProblem.isPresent() ? null : human.draft(), bestId), usage);
    }
    LlmAnswer answer = ((LlmVerdict.Reply) verdict).answer();
    Optional<String> problem = outputGuard.problem(answer.answer(), item.inquiry().getText(), candidates);
    if (problem.isPresent()) {
      count("blocked");
      // The draft is withheld: what made it unsafe for the customer may be unsafe to show at all.
      return new Result(item.inquiryId(), new Outcome.Escalated(EscalationReason.LLM_NEEDS_HUMAN,
          "model answer blocked by the output guard: " + problem.get(), null, bestId), usage);
    }
    // After the guard: the answer is offered to the agent as a draft, which must be safe to show.
    Optional<String> wrongLanguage = wrongLanguage(answer.answer(), language);
    if (wrongLanguage.isPresent()) {
      count("needs_human");
      return new Result(item.inquiryId(), new Outcome.Escalated(EscalationReason.LLM_NEEDS_HUMAN,
          wrongLanguage.get(), answer.answer(), bestId), usage);
    }
    count("answered");
    String replyLanguage = answer.language().isBlank() ? language : answer.language();
    return new Result(item.inquiryId(), new Outcome.Answered(ReplySource.LLM, answer.citedFaqIds().get(0),
        answer.answer(), replyLanguage, answer.confidence(), answer.citedFaqIds()), usage);
  }

  private Result unavailable(String inquiryId, Throwable failure, Optional<FaqCandidate> best) {
    LlmCallException e = OpenAiAnswerClient.classify(failure);
    count(e.kind().name().toLowerCase(java.util.Locale.ROOT));
    String detail = switch (e.kind()) {
      case CIRCUIT_OPEN, CIRCUIT_HALF_OPEN -> "LLM unavailable: circuit breaker open after repeated failures";
      case CLIENT_ERROR -> "LLM refused the request (check model name, API key and the account's quota): " + e.getMessage();
      default -> "LLM unavailable after " + e.attempts() + " attempt(s): " + e.getMessage();
    };
    LlmUsage usage = new LlmUsage(model, 0, 0, 0.0, 0, e.attempts());
    return new Result(inquiryId, new Outcome.Escalated(EscalationReason.LLM_UNAVAILABLE, detail,
        best.map(FaqCandidate::answer).orElse(null), best.map(FaqCandidate::faqId).orElse(null)), usage);
  }

  /** The outcome when answering itself failed (a bug, not the model): escalate, never drop. */
  public Result unexpected(WorkItem item, Throwable failure) {
    count("internal_error");
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return new Result(item.inquiryId(), new Outcome.Escalated(EscalationReason.LLM_UNAVAILABLE,
        "answering failed inside ticketflow: " + cause.getClass().getName(), null, null), null);
  }

  private void count(String result) {
    calls.computeIfAbsent(result, r -> meters.counter("ticketflow.llm.calls", "result", r)).increment();
  }

  /**
   * Why the answer is not in the language the prompt asked for, as far as the script tells: a
   * Chinese inquiry's answer without a Chinese character, or an English inquiry's answer in
   * Chinese. Other languages are not checked.
   */
  static Optional<String> wrongLanguage(String answer, String language) {
    String wanted = String.valueOf(Languages.primary(language, null));
    String written = ScriptDetector.detect(answer).language();
    boolean wrong = switch (wanted) {
      case "zh" -> !ScriptDetector.containsHan(answer);
      case "en" -> written.equals("zh");
      default -> false;
    };
    return wrong ? Optional.of("model answered in another language (" + written + ") than the inquiry's ("
        + wanted + ")") : Optional.empty();
  }

  /** The language to reply in: the helpdesk's tag, else the text's script. */
  static String language(WorkItem item) {
    String tag = item.inquiry().getLanguage();
    return tag != null && !tag.isBlank() ? tag : Languages.primary(null, item.inquiry().getText());
  }

  @Override
  public void close() {
    client.close();
  }
}
