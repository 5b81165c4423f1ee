/**
 * Benchmarks: harnesses and JMH benchmarks that print tables of figures for {@code
 * docs/benchmarks.md}. Nothing depends on this package.
 */
package io.ticketflow.bench;
