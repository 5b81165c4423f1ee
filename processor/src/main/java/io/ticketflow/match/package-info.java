/**
 * FAQ matching: given a tenant and an inquiry's text, the ranked FAQ candidates and one calibrated
 * confidence. Pure Java, no Kafka types: the topology, {@code ticketflow eval} and the benchmarks
 * all use it. {@link io.ticketflow.match.FaqMatcher} is the seam; the topology keeps it current
 * from the compacted FAQ topic through {@link io.ticketflow.match.FaqMatcher#upsert} and
 * {@link io.ticketflow.match.FaqMatcher#remove}.
 *
 * <p>The engine: {@link io.ticketflow.match.TextNormalizer} and
 * {@link io.ticketflow.match.ScriptDetector} put text in one form and route it to a language;
 * {@link io.ticketflow.match.FaqLibrary} indexes each tenant's FAQ (exact wordings, Lucene BM25,
 * bge-zh/bge-en embeddings, searched by exact cosine on small FAQs and through a Lucene HNSW graph,
 * {@code AnnIndex}, on large ones) without blocking readers; {@link io.ticketflow.match.SignalExtractor}
 * turns an inquiry into {@link io.ticketflow.match.Signals} for a few candidates; the matchers
 * ({@code NormalizedExactMatcher}, {@code LexicalFaqMatcher}, {@code SemanticFaqMatcher},
 * {@code HybridFaqMatcher}) rank them; {@link io.ticketflow.match.Calibration} holds the fitted
 * fusion models and thresholds, {@link io.ticketflow.match.Calibrator} fits them, and
 * {@link io.ticketflow.match.Evaluation} scores a matcher on labelled inquiries.
 */
package io.ticketflow.match;
