/**
 * The sink connector configurations (one JSON template per output table, under {@code
 * connectors/} on the classpath) and how they are filled in for a given stack: the embedded one
 * (our {@link io.ticketflow.connect.AvroConverter}) or docker-compose (Confluent's converter, same
 * templates filled by the registration container).
 */
package io.ticketflow.connect.sink;
