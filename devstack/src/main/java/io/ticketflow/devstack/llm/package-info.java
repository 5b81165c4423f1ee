/**
 * A fake OpenAI-compatible chat completions server on loopback for tests and benchmarks: scripted
 * answers, latency, fault injection and a record of every request. Never used by the demo, which
 * talks to a real model or escalates.
 */
package io.ticketflow.devstack.llm;
