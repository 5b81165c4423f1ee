/**
 * Mapping between Avro and Kafka Connect's data model, in both directions: schemas (records, {@code
 * [null, T]} unions as optional, enums as strings, logical types as Connect's logical types) and
 * values. Pure functions with no Kafka I/O, so they are tested on their own.
 */
package io.ticketflow.connect.avro;
