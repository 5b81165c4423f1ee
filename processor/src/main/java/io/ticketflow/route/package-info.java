/**
 * Route and record: the {@link io.ticketflow.route.WorkItem} that travels through the stages, the
 * sealed {@link io.ticketflow.route.Outcome} a stage decides, and the output records (reply,
 * escalation, dead letter, always one audit record) made from it.
 */
package io.ticketflow.route;
