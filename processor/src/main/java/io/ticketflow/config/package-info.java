/**
 * Typed configuration ({@link io.ticketflow.config.TicketflowConfig}, Kafka's ConfigDef) loaded
 * from a properties file and {@code TICKETFLOW_} environment variables.
 */
package io.ticketflow.config;
