/** {@code ticketflow report}: helpdesk figures from the sink tables, as a table or JSON. */
package io.ticketflow.cli.report;
