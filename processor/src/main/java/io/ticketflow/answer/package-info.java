/**
 * Stage 6, answer: the {@link io.ticketflow.answer.AnswerStage} seam. Without an LLM, {@link
 * io.ticketflow.answer.EscalatingAnswerStage} escalates with LOW_CONFIDENCE; the LLM issue plugs
 * its asynchronous processor in here.
 */
package io.ticketflow.answer;
