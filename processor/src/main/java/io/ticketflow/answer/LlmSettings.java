package io.ticketflow.answer;

import io.ticketflow.config.DurationValidator;
import io.ticketflow.config.FiniteRange;
import io.ticketflow.config.HttpUrlValidator;
import io.ticketflow.config.TicketflowConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The {@code llm.*} settings. The API key is not among them: it is read from the environment
 * ({@code OPENAI_API_KEY}) only, so it never sits in a file, a log line or a config dump. Without
 * a key the LLM stage is off and inquiries the FAQ cannot answer are escalated. {@code
 * answerThreshold} is the match stage's: a candidate at or above it that reaches this stage is a
 * confident match in another language, to be translated.
 */
public record LlmSettings(boolean enabled, String apiKey, String baseUrl, String model, Duration timeout,
    int maxAttempts, int maxInFlight, int maxPending, int topK, int historyTurns, Duration historyTtl,
    double minConfidence, int maxAnswerLength, long maxCompletionTokens, PriceTable prices,
    long dailyTokens, double dailyUsd, Path promptDir, Duration breakerOpenFor, double answerThreshold) {

  public static final String GROUP = "LLM";
  public static final String ENABLED = "llm.enabled";
  public static final String BASE_URL = "llm.base-url";
  public static final String MODEL = "llm.model";
  public static final String TIMEOUT = "llm.timeout";
  public static final String MAX_ATTEMPTS = "llm.max-attempts";
  public static final String MAX_IN_FLIGHT = "llm.max-in-flight";
  public static final String MAX_PENDING = "llm.max-pending";
  public static final String TOP_K = "llm.top-k";
  public static final String HISTORY_TURNS = "llm.history-turns";
  public static final String HISTORY_TTL = "llm.history-ttl";
  public static final String MIN_CONFIDENCE = "llm.min-confidence";
  public static final String MAX_ANSWER_LENGTH = "llm.max-answer-length";
  public static final String MAX_COMPLETION_TOKENS = "llm.max-completion-tokens";
  public static final String PRICES = "llm.prices";
  public static final String BUDGET_DAILY_TOKENS = "llm.budget.daily-tokens";
  public static final String BUDGET_DAILY_USD = "llm.budget.daily-usd";
  public static final String PROMPT_DIR = "llm.prompt-dir";
  public static final String BREAKER_OPEN_FOR = "llm.breaker.open-for";

  /** Environment variables read besides {@code TICKETFLOW_…} overrides. */
  public static final String ENV_API_KEY = "OPENAI_API_KEY";
  public static final String ENV_BASE_URL = "OPENAI_BASE_URL";
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** Adds the keys to the processor's definition. */
  public static void define(ConfigDef def) {
    int order = 0;
    def.define(ENABLED, Type.BOOLEAN, true, Importance.HIGH,
        "Answer with an LLM when the FAQ is not confident. Needs OPENAI_API_KEY in the environment; "
            + "without it the stage is off whatever this says.", GROUP, ++order, ConfigDef.Width.SHORT, "LLM on");
    def.define(BASE_URL, Type.STRING, "", new HttpUrlValidator(), Importance.HIGH,
        "OpenAI-compatible API base URL; empty means OPENAI_BASE_URL from the environment, else "
            + DEFAULT_BASE_URL + ".", GROUP, ++order, ConfigDef.Width.LONG, "Base URL");
    def.define(MODEL, Type.STRING, "gpt-4o-mini", new ConfigDef.NonEmptyString(), Importance.HIGH,
        "Chat model name.", GROUP, ++order, ConfigDef.Width.MEDIUM, "Model");
    def.define(TIMEOUT, Type.STRING, "30s", new DurationValidator(), Importance.MEDIUM,
        "Timeout of one model call.", GROUP, ++order, ConfigDef.Width.SHORT, "Call timeout");
    def.define(MAX_ATTEMPTS, Type.INT, 4, Range.between(1, 10), Importance.MEDIUM,
        "Calls per inquiry before it is escalated (429 but for insufficient_quota, 5xx, timeouts and dropped connections are retried).",
        GROUP, ++order, ConfigDef.Width.SHORT, "Attempts");
    def.define(MAX_IN_FLIGHT, Type.INT, 64, Range.between(1, 4096), Importance.MEDIUM,
        "Model calls running at once per processor instance.", GROUP, ++order, ConfigDef.Width.SHORT, "In flight");
    def.define(MAX_PENDING, Type.INT, 2000, Range.between(1, 1_000_000), Importance.MEDIUM,
        "Inquiries waiting for the model per stream task before intake slows down (backpressure).",
        GROUP, ++order, ConfigDef.Width.SHORT, "Pending");
    def.define(TOP_K, Type.INT, 3, Range.between(1, 20), Importance.MEDIUM,
        "FAQ candidates given to the model as knowledge.", GROUP, ++order, ConfigDef.Width.SHORT, "Top k");
    def.define(HISTORY_TURNS, Type.INT, 6, Range.between(0, 50), Importance.LOW,
        "Earlier turns of the conversation included in the prompt.", GROUP, ++order, ConfigDef.Width.SHORT, "History");
    def.define(HISTORY_TTL, Type.STRING, "P1D", new DurationValidator(), Importance.LOW,
        "How long conversation memory is kept after its last turn.", GROUP, ++order, ConfigDef.Width.SHORT, "History TTL");
    def.define(MIN_CONFIDENCE, Type.DOUBLE, 0.6, FiniteRange.between(0.0, 1.0), Importance.MEDIUM,
        "The model's own confidence below which its answer goes to a human as a suggestion.",
        GROUP, ++order, ConfigDef.Width.SHORT, "Min confidence");
    def.define(MAX_ANSWER_LENGTH, Type.INT, 1200, Range.between(20, 20_000), Importance.LOW,
        "Longest model answer sent to a customer, in characters.", GROUP, ++order, ConfigDef.Width.SHORT, "Max answer");
    def.define(MAX_COMPLETION_TOKENS, Type.LONG, 600L, Range.between(16, 32_000), Importance.LOW,
        "Completion token limit of one call.", GROUP, ++order, ConfigDef.Width.SHORT, "Max tokens");
    def.define(PRICES, Type.STRING, "gpt-4o-mini=0.15/0.60,gpt-4o=2.50/10.00,gpt-4.1-mini=0.40/1.60,gpt-4.1=2.00/8.00",
        new PricesValidator(), Importance.LOW, "USD per million prompt/completion tokens per model (model=in/out,...; * for any other).",
        GROUP, ++order, ConfigDef.Width.LONG, "Prices");
    def.define(BUDGET_DAILY_TOKENS, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM,
        "Tokens per tenant per UTC day; 0 = no limit. Past it inquiries escalate with BUDGET_EXHAUSTED. Kept in"
            + " the answer stage's changelogged store, so a restart keeps the day's spend; every instance reads"
            + " that store's changelog, so several instances share one limit.",
        GROUP, ++order, ConfigDef.Width.SHORT, "Daily tokens");
    def.define(BUDGET_DAILY_USD, Type.DOUBLE, 0.0, FiniteRange.atLeast(0), Importance.MEDIUM,
        "USD per tenant per UTC day, at llm.prices; 0 = no limit. Counted like the daily tokens.", GROUP, ++order, ConfigDef.Width.SHORT, "Daily USD");
    def.define(PROMPT_DIR, Type.STRING, "", Importance.LOW,
        "Directory of prompt template overrides: system.txt, user.txt, translate.txt, and <tenant>/… per tenant.",
        GROUP, ++order, ConfigDef.Width.LONG, "Prompt templates");
    def.define(BREAKER_OPEN_FOR, Type.STRING, "30s", new DurationValidator(), Importance.LOW,
        "How long the circuit breaker stays open (calls escalate at once) before it tries the model again.",
        GROUP, ++order, ConfigDef.Width.SHORT, "Breaker open");
  }

  /** A malformed price list is a configuration error naming the key, like any other setting. */
  private static final class PricesValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        PriceTable.parse((String) value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "model=promptPrice/completionPrice,... (USD per million tokens, not negative)";
    }
  }

  /** The settings from the processor's configuration and the environment. */
  public static LlmSettings from(TicketflowConfig config, Map<String, String> env) {
    String key = Optional.ofNullable(env.get(ENV_API_KEY)).map(String::strip).orElse("");
    String configuredUrl = config.getString(BASE_URL);
    String baseUrl = !configuredUrl.isBlank() ? configuredUrl
        : Optional.ofNullable(env.get(ENV_BASE_URL)).filter(s -> !s.isBlank()).orElse(DEFAULT_BASE_URL);
    boolean enabled = config.getBoolean(ENABLED) && !key.isEmpty();
    if (enabled) {
      // Only a URL the stage will call: with the LLM off, an OPENAI_BASE_URL set for another tool is no error.
      HttpUrlValidator.check(configuredUrl.isBlank() ? ENV_BASE_URL : BASE_URL, baseUrl);
    }
    PriceTable prices = PriceTable.parse(config.getString(PRICES));
    double dailyUsd = config.getDouble(BUDGET_DAILY_USD);
    if (enabled && dailyUsd > 0 && !prices.prices(config.getString(MODEL))) {
      // Every call would cost 0 USD: the budget would never be reached.
      throw new ConfigException(BUDGET_DAILY_USD, dailyUsd, "llm.prices has no price for the model "
          + config.getString(MODEL) + " (add " + config.getString(MODEL) + "=in/out or *=in/out, USD per million"
          + " tokens), so the USD budget could never be reached");
    }
    String promptDir = config.getString(PROMPT_DIR);
    return new LlmSettings(enabled, key, baseUrl,
        config.getString(MODEL), DurationValidator.parse(config.getString(TIMEOUT)),
        config.getInt(MAX_ATTEMPTS), config.getInt(MAX_IN_FLIGHT), config.getInt(MAX_PENDING),
        config.getInt(TOP_K), config.getInt(HISTORY_TURNS), DurationValidator.parse(config.getString(HISTORY_TTL)),
        config.getDouble(MIN_CONFIDENCE), config.getInt(MAX_ANSWER_LENGTH), config.getLong(MAX_COMPLETION_TOKENS),
        prices, config.getLong(BUDGET_DAILY_TOKENS), dailyUsd, promptDir.isBlank() ? null : Path.of(promptDir),
        DurationValidator.parse(config.getString(BREAKER_OPEN_FOR)), config.answerThreshold());
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "LlmSettings[enabled=" + enabled + ", baseUrl=" + baseUrl + ", model=" + model
        + ", apiKey=" + (apiKey.isEmpty() ? "(none)" : "[hidden]") + ", maxInFlight=" + maxInFlight + "]";
  }
}
