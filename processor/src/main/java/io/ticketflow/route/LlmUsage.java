package io.ticketflow.route;

/**
 * What answering with the LLM cost, for the audit record: the model that answered, tokens, cost
 * from the price table, time spent and the number of calls made (retries and re-issues after a
 * restart included).
 */
public record LlmUsage(String model, int promptTokens, int completionTokens, double costUsd, long millis,
    int attempts) {}
