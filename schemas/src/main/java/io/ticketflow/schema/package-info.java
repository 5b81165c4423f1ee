/**
 * The Avro records of the pipeline, generated from {@code src/main/avro}: inputs {@code Inquiry},
 * {@code FaqEntry}, {@code Feedback}; outputs {@code Reply}, {@code Escalation}, {@code
 * AuditRecord}, {@code DeadLetter}. Every change must stay BACKWARD compatible with the released
 * versions kept under {@code src/test/resources/schemas/} (checked by a test).
 */
package io.ticketflow.schema;
