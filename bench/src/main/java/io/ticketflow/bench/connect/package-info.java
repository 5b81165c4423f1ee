/**
 * The Connect sink benchmark: rows per second into PostgreSQL through the in-JVM Connect worker
 * and the Debezium JDBC sink (batch size 1 against the default), and the lag from a record being
 * acknowledged on its topic to its row being visible.
 */
package io.ticketflow.bench.connect;
