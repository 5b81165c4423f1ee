package io.ticketflow.schema.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Schema Registry's compatibility levels for Avro, checked with Avro's own
 * {@link SchemaCompatibility}. BACKWARD: the new schema can read data written with the previous
 * one; FORWARD: the previous one can read the new one's data; FULL: both. The {@code _TRANSITIVE}
 * variants check against every earlier version instead of the latest only.
 */
public enum Compatibility {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  /**
   * Whether {@code candidate} may follow {@code existing} (oldest first).
   *
   * @return an empty list when compatible, otherwise one message per incompatibility
   */
  public List<String> violations(Schema candidate, List<Schema> existing) {
    if (this == NONE || existing.isEmpty()) {
      return List.of();
    }
    List<Schema> against =
        name().endsWith("_TRANSITIVE") ? existing : List.of(existing.get(existing.size() - 1));
    boolean backward = this != FORWARD && this != FORWARD_TRANSITIVE;
    boolean forward = this != BACKWARD && this != BACKWARD_TRANSITIVE;
    java.util.ArrayList<String> messages = new java.util.ArrayList<>();
    for (Schema old : against) {
      if (backward) {
        check(candidate, old, "new schema cannot read data written with an earlier one", messages);
      }
      if (forward) {
        check(old, candidate, "an earlier schema cannot read data written with the new one", messages);
      }
    }
    return messages;
  }

  private static void check(Schema reader, Schema writer, String what, List<String> messages) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      messages.add(what + ": " + result.getResult().getIncompatibilities().stream()
          .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
          .toList());
    }
  }
}
