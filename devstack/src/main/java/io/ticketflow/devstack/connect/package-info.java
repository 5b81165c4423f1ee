/**
 * An in-JVM Kafka Connect worker (standalone mode, the same Kafka version as the broker) with the
 * Debezium JDBC sink on the classpath, and {@link io.ticketflow.devstack.connect.EmbeddedSinks},
 * which starts worker plus database and deploys one sink connector per output table.
 */
package io.ticketflow.devstack.connect;
