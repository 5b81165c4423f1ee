/**
 * What {@code ticketflow demo} and the integration tests start inside the JVM: a KRaft Kafka
 * broker, a schema registry speaking the Schema Registry REST API, and (with later issues) a
 * Connect worker and PostgreSQL. Real servers on loopback ports, never mocks.
 */
package io.ticketflow.devstack;
