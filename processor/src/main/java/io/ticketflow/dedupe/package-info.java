/** Stage 3, dedupe: a redelivered inquiry (same inquiryId within the retention) is a duplicate. */
package io.ticketflow.dedupe;
