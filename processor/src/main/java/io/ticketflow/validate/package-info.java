/** Stage 2, validate: required fields, length limit, real text, tenant allow-list. */
package io.ticketflow.validate;
