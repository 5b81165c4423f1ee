/**
 * Stage 6, answering what the FAQ alone could not: the {@link io.ticketflow.answer.AnswerStage}
 * seam (escalation when no LLM is configured), and the LLM path — prompt building from resources,
 * the {@link io.ticketflow.answer.AnswerClient} with its openai-java implementation, the
 * resilience policy around it (timeout, retry honouring Retry-After, circuit breaker), per-tenant
 * budgets, cost from a price table, and validation of the model's structured answer.
 */
package io.ticketflow.answer;
