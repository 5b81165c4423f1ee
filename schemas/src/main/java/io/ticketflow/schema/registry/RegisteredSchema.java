package io.ticketflow.schema.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/** One version of a subject: its global id, version number and schema. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
  public RegisteredSchema {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
  }
}
