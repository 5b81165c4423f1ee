/**
 * A small schema registry for the dev stack and the tests: an HTTP server on loopback speaking the
 * subset of Schema Registry's REST API that DESIGN.md lists, with schemas kept in a compacted
 * Kafka topic (as Schema Registry's {@code _schemas}) so ids stay stable across restarts.
 * Production points {@code schema.registry.url} at a real Schema Registry instead.
 */
package io.ticketflow.devstack.registry;
