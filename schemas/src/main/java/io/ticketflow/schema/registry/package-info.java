/**
 * A client for the Schema Registry REST API (the subset in DESIGN.md), an in-memory registry
 * behind {@code mock://scope} URLs, and the compatibility rules both enforce.
 *
 * <p>Written here rather than taken from Confluent because Confluent's client is not on Maven
 * Central; it keeps Confluent's endpoints, payloads, error codes and config names so a real
 * Schema Registry and Confluent's own serializers interoperate with it.
 */
package io.ticketflow.schema.registry;
