/**
 * {@code ticketflow demo}: starts the whole stack in this JVM, loads the sample FAQ, sends sample
 * inquiries that exercise every route, and shows (and with {@code --once} verifies) their outcomes
 * on the topics and in the database.
 */
package io.ticketflow.cli.demo;
