/** A single-node KRaft Kafka broker (broker and controller in one) running in this JVM. */
package io.ticketflow.devstack.kafka;
