/**
 * The sink connector configurations (one JSON template per output table, under {@code
 * connectors/} on the classpath) and how they are filled in for a given stack: the embedded one
 * (our {@link io.ticketflow.connect.AvroConverter}) or docker-compose (Confluent's converter, same
 * templates filled by the registration container). Also what every sink runs besides the Debezium
 * JDBC sink: the {@link io.ticketflow.connect.sink.ReplaceNulCharacters} transform and the config
 * providers that resolve the database password ({@link io.ticketflow.connect.sink.PasswordProviders}).
 */
package io.ticketflow.connect.sink;
