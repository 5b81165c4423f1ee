/**
 * The FAQ store (global, fed by the compacted FAQ topic, keeping the matcher current) and stage
 * 5, match, which asks the {@link io.ticketflow.match.FaqMatcher}.
 */
package io.ticketflow.faq;
