/**
 * Stage 8, feedback: ratings joined with the remembered outcome of their inquiry; per-FAQ
 * helpfulness and frequently unanswered questions kept as queryable tables and published to the
 * compacted faq-stats topic.
 */
package io.ticketflow.feedback;
