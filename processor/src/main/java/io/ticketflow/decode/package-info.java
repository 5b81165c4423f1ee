/**
 * Stage 1, decode: bytes to records, undecodable input to dead letters; and the KIP-1034
 * exception handlers that dead-letter what still fails inside a stage.
 */
package io.ticketflow.decode;
