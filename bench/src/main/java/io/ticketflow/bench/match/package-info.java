/**
 * FAQ matcher benchmark: a reproducible 10,000-entry bilingual FAQ, bulk index and embed time,
 * per-match latency with the inquiry's embedding, and the matcher's heap (docs/benchmarks.md).
 */
package io.ticketflow.bench.match;
