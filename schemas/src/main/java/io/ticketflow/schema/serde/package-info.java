/**
 * Kafka serializers and deserializers for Avro records in Confluent's wire format: magic byte
 * {@code 0x00}, the schema's 4-byte big-endian registry id, then Avro binary. Subjects follow
 * TopicNameStrategy ({@code <topic>-value}, {@code <topic>-key}); configuration keys are
 * Confluent's, so the same properties work with Confluent's own serializers.
 *
 * <p>Hand-written because Confluent's serializer jars are not on Maven Central; golden-byte tests
 * and an interoperability test with Confluent's official client keep it honest.
 */
package io.ticketflow.schema.serde;
