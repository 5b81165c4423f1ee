/**
 * The soak run: the processor as it runs in production (exactly-once v2, LLM stage against the
 * fake OpenAI-compatible server) under a steady mixed load for minutes, checked for lost and
 * duplicated outputs, with latency, lag, heap and GC over time.
 */
package io.ticketflow.bench.soak;
