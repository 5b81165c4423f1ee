package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LlmAnswerValidatorTest {
  private final LlmAnswerValidator validator = new LlmAnswerValidator(0.6, 500);
  private final Set<String> known = Set.of("refund-policy", "shipping");

  private static String json(String answer, double confidence, String cited, boolean needsHuman) {
    return "{\"answer\":\"" + answer + "\",\"confidence\":" + confidence + ",\"citedFaqIds\":[" + cited
        + "],\"needsHuman\":" + needsHuman + ",\"language\":\"en\"}";
  }

  @Test
  void aGroundedConfidentAnswerIsReplied() {
    LlmVerdict verdict = validator.validate(json("Refunds take 7 days.", 0.9, "\"refund-policy\"", false), known);
    assertThat(verdict).isInstanceOfSatisfying(LlmVerdict.Reply.class,
        r -> assertThat(r.answer().citedFaqIds()).containsExactly("refund-policy"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not JSON                | Refunds take                                                                                  | unusable",
      "JSON array              | []                                                                                            | unusable",
      "missing field           | {\"answer\":\"x\",\"confidence\":0.9,\"citedFaqIds\":[],\"language\":\"en\"}                   | unusable",
      "confidence out of range | {\"answer\":\"x\",\"confidence\":7,\"citedFaqIds\":[\"shipping\"],\"needsHuman\":false,\"language\":\"en\"} | unusable",
  })
  void malformedOutputNeedsAHumanWithoutDraft(String why, String content, String detail) {
    assertThat(validator.validate(content.strip(), known)).isInstanceOfSatisfying(LlmVerdict.NeedsHuman.class, h -> {
      assertThat(h.detail()).contains(detail.strip());
      assertThat(h.draft()).isNull();
    });
  }

  @Test
  void unknownCitationsNeedsHumanAndLowConfidenceEscalateWithTheDraft() {
    assertThat(validator.validate(json("Call us.", 0.9, "\"made-up\"", false), known))
        .isInstanceOfSatisfying(LlmVerdict.NeedsHuman.class, h -> {
          assertThat(h.detail()).contains("made-up");
          assertThat(h.draft()).isEqualTo("Call us.");
        });
    assertThat(validator.validate(json("Maybe.", 0.3, "\"shipping\"", false), known))
        .isInstanceOfSatisfying(LlmVerdict.NeedsHuman.class, h -> assertThat(h.detail()).contains("0.30"));
    assertThat(validator.validate(json("Let me get someone.", 0.9, "\"shipping\"", true), known))
        .isInstanceOfSatisfying(LlmVerdict.NeedsHuman.class, h -> assertThat(h.detail()).contains("asked for a human"));
    assertThat(validator.validate(json(" ", 0.9, "\"shipping\"", false), known))
        .isInstanceOfSatisfying(LlmVerdict.NeedsHuman.class, h -> assertThat(h.detail()).contains("empty"));
    assertThat(validator.validate(json("No source.", 0.9, "", false), known))
        .isInstanceOf(LlmVerdict.NeedsHuman.class);
    assertThat(validator.validate(json("x".repeat(501), 0.9, "\"shipping\"", false), known))
        .isInstanceOfSatisfying(LlmVerdict.NeedsHuman.class, h -> assertThat(h.detail()).contains("longer"));
  }
}
