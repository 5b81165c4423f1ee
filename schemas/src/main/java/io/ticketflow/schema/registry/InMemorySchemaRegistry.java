package io.ticketflow.schema.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A registry held in memory with Schema Registry's semantics: global ids shared by identical
 * schemas across subjects, versions per subject counted from 1, and a compatibility rule per
 * subject (BACKWARD unless set) enforced on registration.
 *
 * <p>It backs {@code mock://} URLs in tests and is the state of the embedded registry server,
 * which makes it durable through a {@link Journal}: every change is journaled before it becomes
 * visible, and {@link #restore}/{@link #restoreCompatibility} replay the journal on start.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

  /** Where changes are made durable; called under the registry's lock, before they apply. */
  public interface Journal {
    void versionAdded(RegisteredSchema version);

    void compatibilitySet(String subject, Compatibility compatibility);

    Journal NONE = new Journal() {
      @Override
      public void versionAdded(RegisteredSchema version) {}

      @Override
      public void compatibilitySet(String subject, Compatibility compatibility) {}
    };
  }

  private final Compatibility defaultCompatibility;
  private final Journal journal;
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, Integer> idsBySchemaText = new HashMap<>();
  private final Map<String, List<RegisteredSchema>> versionsBySubject = new HashMap<>();
  private final Map<String, Compatibility> compatibilityBySubject = new HashMap<>();
  private int lastId;
  /** Per subject, the highest version a failed journal write may still have stored. */
  private final Map<String, Integer> unsureVersions = new HashMap<>();

  public InMemorySchemaRegistry() {
    this(Compatibility.BACKWARD, Journal.NONE);
  }

  public InMemorySchemaRegistry(Compatibility defaultCompatibility, Journal journal) {
    this.defaultCompatibility = Objects.requireNonNull(defaultCompatibility);
    this.journal = Objects.requireNonNull(journal);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    RegisteredSchema existing = find(subject, schema);
    if (existing != null) {
      return existing.id();
    }
    List<String> violations = compatibility(subject).violations(schema, schemasOf(subject));
    if (!violations.isEmpty()) {
      throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
          "Schema being registered is incompatible with an earlier schema for subject '"
              + subject + "': " + violations);
    }
    String text = schema.toString();
    Integer id = idsBySchemaText.get(text);
    List<RegisteredSchema> versions = versionsBySubject.getOrDefault(subject, List.of());
    int version = Math.max(versions.isEmpty() ? 0 : versions.get(versions.size() - 1).version(),
        unsureVersions.getOrDefault(subject, 0)) + 1;
    RegisteredSchema added = new RegisteredSchema(subject, version, id != null ? id : lastId + 1, schema);
    try {
      journal.versionAdded(added);
    } catch (RuntimeException e) {
      // A write that timed out may still be stored, and would be replayed at the next start: its id
      // and version are never handed to another schema, or that start would read this one for it.
      lastId = Math.max(lastId, added.id());
      unsureVersions.put(subject, version);
      throw e;
    }
    apply(added);
    return added.id();
  }

  /** Applies a journaled version again (on start); keeps its id and version. */
  public synchronized void restore(RegisteredSchema version) {
    if (find(version.subject(), version.schema()) == null) {
      apply(version);
    } else {
      // The same schema again under a later id: a journal write that failed and still landed made
      // a retry register it anew, and data was written with the retry's id. Both ids stay readable.
      schemasById.putIfAbsent(version.id(), version.schema());
      lastId = Math.max(lastId, version.id());
    }
  }

  /** Applies a journaled compatibility change again (on start). */
  public synchronized void restoreCompatibility(String subject, Compatibility compatibility) {
    compatibilityBySubject.put(subject, compatibility);
  }

  private void apply(RegisteredSchema version) {
    schemasById.put(version.id(), version.schema());
    idsBySchemaText.putIfAbsent(version.schema().toString(), version.id());
    versionsBySubject.computeIfAbsent(version.subject(), s -> new ArrayList<>()).add(version);
    lastId = Math.max(lastId, version.id());
  }

  @Override
  public synchronized int idOf(String subject, Schema schema) {
    if (!versionsBySubject.containsKey(subject)) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    RegisteredSchema found = find(subject, schema);
    if (found == null) {
      throw SchemaRegistryException.schemaNotFound("under subject '" + subject + "'");
    }
    return found.id();
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<RegisteredSchema> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    return versions.get(versions.size() - 1);
  }

  /** One version of a subject. */
  public synchronized RegisteredSchema version(String subject, int version) {
    List<RegisteredSchema> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    return versions.stream().filter(v -> v.version() == version).findFirst()
        .orElseThrow(() -> new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_FOUND,
            "Version " + version + " of subject '" + subject + "' not found."));
  }

  /** The version numbers of a subject, oldest first. */
  public synchronized List<Integer> versions(String subject) {
    List<RegisteredSchema> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    return versions.stream().map(RegisteredSchema::version).toList();
  }

  @Override
  public synchronized Schema byId(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw SchemaRegistryException.schemaNotFound("with id " + id);
    }
    return schema;
  }

  /** As Schema Registry's check against {@code latest}: any schema may start a subject that has none. */
  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    return compatibility(subject).violations(schema, schemasOf(subject)).isEmpty();
  }

  @Override
  public synchronized List<String> subjects() {
    return versionsBySubject.keySet().stream().sorted().toList();
  }

  @Override
  public synchronized void setCompatibility(String subject, Compatibility compatibility) {
    journal.compatibilitySet(subject, compatibility);
    compatibilityBySubject.put(subject, compatibility);
  }

  /** The rule in force for a subject: its own, or the registry's default. */
  public synchronized Compatibility compatibility(String subject) {
    return compatibilityBySubject.getOrDefault(subject, defaultCompatibility);
  }

  private RegisteredSchema find(String subject, Schema schema) {
    String text = schema.toString();
    for (RegisteredSchema v : versionsBySubject.getOrDefault(subject, List.of())) {
      if (v.schema().toString().equals(text)) {
        return v;
      }
    }
    return null;
  }

  private List<Schema> schemasOf(String subject) {
    return versionsBySubject.getOrDefault(subject, List.of()).stream()
        .map(RegisteredSchema::schema).toList();
  }
}
