/**
 * FAQ matching: given a tenant and an inquiry's text, the ranked FAQ candidates and one calibrated
 * confidence. Pure Java, no Kafka types: the topology, {@code ticketflow eval} and the benchmarks
 * all use it. {@link io.ticketflow.match.FaqMatcher} is the seam; the topology keeps it current
 * from the compacted FAQ topic through {@link io.ticketflow.match.FaqMatcher#upsert} and
 * {@link io.ticketflow.match.FaqMatcher#remove}.
 */
package io.ticketflow.match;
