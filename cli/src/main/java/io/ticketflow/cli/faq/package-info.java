/** {@code ticketflow faq import}: reading and validating FAQ files, publishing them to the FAQ topic. */
package io.ticketflow.cli.faq;
