package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.config.TicketflowConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class LlmSettingsTest {

  private static TicketflowConfig config(Map<String, Object> extra) {
    Map<String, Object> m = new HashMap<>();
    m.put(TicketflowConfig.BOOTSTRAP_SERVERS, "localhost:9092");
    m.put(TicketflowConfig.SCHEMA_REGISTRY_URL, "http://localhost:8081");
    m.putAll(extra);
    return new TicketflowConfig(m);
  }

  /** Without OPENAI_API_KEY the stage is off (README): an OPENAI_BASE_URL it never uses is no reason to refuse run. */
  @Test
  void anUnusedOpenAiBaseUrlIsNotChecked() {
    LlmSettings s = LlmSettings.from(config(Map.of()), Map.of(LlmSettings.ENV_BASE_URL, "localhost:11434/v1"));
    assertThat(s.enabled()).isFalse();
    LlmSettings off = LlmSettings.from(config(Map.of(LlmSettings.ENABLED, "false")),
        Map.of(LlmSettings.ENV_API_KEY, "sk-x", LlmSettings.ENV_BASE_URL, "localhost:11434/v1"));
    assertThat(off.enabled()).isFalse();
  }

  @Test
  void anOpenAiBaseUrlInUseMustBeAnHttpUrl() {
    assertThatThrownBy(() -> LlmSettings.from(config(Map.of()),
        Map.of(LlmSettings.ENV_API_KEY, "sk-x", LlmSettings.ENV_BASE_URL, "localhost:11434/v1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(LlmSettings.ENV_BASE_URL);
  }

  @Test
  void aMalformedOrNegativePriceIsAConfigErrorNamingTheKey() {
    for (String prices : new String[] {"gpt-4o-mini=0.15", "gpt-4o-mini=-0.15/0.60", "gpt-4o-mini=NaN/0.6"}) {
      assertThatThrownBy(() -> LlmSettings.from(config(Map.of(LlmSettings.PRICES, prices)),
          Map.of(LlmSettings.ENV_API_KEY, "sk-x"))).as(prices)
          .isInstanceOf(ConfigException.class).hasMessageContaining(LlmSettings.PRICES);
    }
  }

  /**
   * NaN passed Kafka's range check (no comparison with NaN is true): a minimum confidence nothing
   * reaches, a USD budget that never applies. Infinity is no budget either.
   */
  @Test
  void aDecimalSettingThatIsNoFiniteNumberIsRefusedNamingTheKey() {
    for (String[] bad : new String[][] {{LlmSettings.MIN_CONFIDENCE, "NaN"}, {LlmSettings.BUDGET_DAILY_USD, "NaN"},
        {LlmSettings.BUDGET_DAILY_USD, "Infinity"}, {LlmSettings.MIN_CONFIDENCE, "1.5"}}) {
      assertThatThrownBy(() -> LlmSettings.from(config(Map.of(bad[0], bad[1])), Map.of(LlmSettings.ENV_API_KEY, "sk-x")))
          .as(bad[0] + "=" + bad[1]).isInstanceOf(ConfigException.class).hasMessageContaining(bad[0]);
    }
    assertThat(LlmSettings.from(config(Map.of(LlmSettings.MIN_CONFIDENCE, "0.5")),
        Map.of(LlmSettings.ENV_API_KEY, "sk-x")).enabled()).isTrue();
  }

  /** A USD budget for a model llm.prices has no price for could never be reached. */
  @Test
  void aUsdBudgetNeedsAPriceForTheModel() {
    assertThatThrownBy(() -> LlmSettings.from(config(Map.of(LlmSettings.MODEL, "llama3.1:8b",
        LlmSettings.BUDGET_DAILY_USD, "5")), Map.of(LlmSettings.ENV_API_KEY, "sk-x")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(LlmSettings.BUDGET_DAILY_USD)
        .hasMessageContaining("llama3.1:8b");
    assertThat(LlmSettings.from(config(Map.of(LlmSettings.MODEL, "llama3.1:8b", LlmSettings.BUDGET_DAILY_USD, "5",
        LlmSettings.PRICES, "*=0.1/0.2")), Map.of(LlmSettings.ENV_API_KEY, "sk-x")).dailyUsd()).isEqualTo(5.0);
    assertThat(LlmSettings.from(config(Map.of(LlmSettings.MODEL, "gpt-4o-mini-2024-07-18",
        LlmSettings.BUDGET_DAILY_USD, "5")), Map.of(LlmSettings.ENV_API_KEY, "sk-x")).dailyUsd()).isEqualTo(5.0);
  }

  @Test
  void outOfRangeLlmSettingsAreConfigErrorsNamingTheKey() {
    Map<String, String> bad = Map.of(LlmSettings.TIMEOUT, "-5s", LlmSettings.HISTORY_TTL, "0s",
        LlmSettings.BREAKER_OPEN_FOR, "soon", LlmSettings.MAX_ATTEMPTS, "0", LlmSettings.MAX_IN_FLIGHT, "0",
        LlmSettings.MIN_CONFIDENCE, "1.5", LlmSettings.BUDGET_DAILY_TOKENS, "-1", LlmSettings.BUDGET_DAILY_USD, "-0.5",
        LlmSettings.MODEL, "");
    bad.forEach((key, value) -> assertThatThrownBy(() -> config(Map.of(key, value))).as(key + "=" + value)
        .isInstanceOf(ConfigException.class).hasMessageContaining(key));
    LlmSettings zero = LlmSettings.from(config(Map.of(LlmSettings.BUDGET_DAILY_TOKENS, "0",
        LlmSettings.BUDGET_DAILY_USD, "0")), Map.of(LlmSettings.ENV_API_KEY, "sk-x"));
    assertThat(zero.dailyTokens()).as("0 = no limit (README)").isZero();
  }
}
