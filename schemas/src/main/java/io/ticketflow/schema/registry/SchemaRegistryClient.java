package io.ticketflow.schema.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The operations ticketflow needs from a Schema Registry. Every method throws
 * {@link SchemaRegistryException} with the registry's HTTP status and error code when the registry
 * says no or cannot be reached.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /** Registers {@code schema} under {@code subject} (or finds it) and returns its global id. */
  int register(String subject, Schema schema);

  /** The id of {@code schema} if it is already registered under {@code subject}. */
  int idOf(String subject, Schema schema);

  /** The latest version registered under {@code subject}. */
  RegisteredSchema latest(String subject);

  /** The schema with this global id. */
  Schema byId(int id);

  /** Whether {@code schema} may be registered under {@code subject} by its compatibility rule. */
  boolean isCompatible(String subject, Schema schema);

  /** All subjects, sorted. */
  List<String> subjects();

  /** Sets the compatibility rule of one subject. */
  void setCompatibility(String subject, Compatibility compatibility);

  @Override
  default void close() {}
}
