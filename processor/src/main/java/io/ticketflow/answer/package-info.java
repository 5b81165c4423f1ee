/**
 * Answering with an LLM when the FAQ alone is not confident: prompt building from resources, the
 * {@link io.ticketflow.answer.AnswerClient} seam with its openai-java implementation, the
 * resilience policy around it (timeout, retry honouring Retry-After, circuit breaker), per-tenant
 * budgets, cost from a price table, and validation of the model's structured answer.
 */
package io.ticketflow.answer;
