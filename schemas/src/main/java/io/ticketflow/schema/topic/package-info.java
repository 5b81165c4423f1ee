/** The pipeline's topics, each with its key and value serde: the only place topic names live. */
package io.ticketflow.schema.topic;
