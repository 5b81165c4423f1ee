/**
 * The Kafka Connect side of ticketflow: the Avro converter for Connect (Confluent wire format to
 * Connect {@code Struct}s) and the sink connector configurations for the output tables.
 */
package io.ticketflow.connect;
