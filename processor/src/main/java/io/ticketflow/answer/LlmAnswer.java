package io.ticketflow.answer;

import java.util.List;

/** The model's structured answer, as {@link OpenAiAnswerClient#ANSWER_SCHEMA} describes it. */
public record LlmAnswer(String answer, double confidence, List<String> citedFaqIds, boolean needsHuman,
    String language) {
  public LlmAnswer {
    citedFaqIds = List.copyOf(citedFaqIds);
  }
}
