/** Throughput of the LLM answer stage against the fake OpenAI-compatible server. */
package io.ticketflow.bench.llm;
