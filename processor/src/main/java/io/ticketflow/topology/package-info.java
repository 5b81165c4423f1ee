/** Wiring only: {@link io.ticketflow.topology.TicketflowTopology#build} and the store names. */
package io.ticketflow.topology;
