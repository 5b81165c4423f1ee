package io.ticketflow.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {
  private static final Schema V1 = SchemaBuilder.record("Thing").fields().requiredString("a").endRecord();
  private static final Schema V2 = SchemaBuilder.record("Thing").fields().requiredString("a")
      .optionalString("b").endRecord();
  private static final Schema BREAKING = SchemaBuilder.record("Thing").fields().requiredInt("a").endRecord();

  private final List<RegisteredSchema> journaled = new ArrayList<>();
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(Compatibility.BACKWARD,
      new InMemorySchemaRegistry.Journal() {
        @Override
        public void versionAdded(RegisteredSchema version) {
          journaled.add(version);
        }

        @Override
        public void compatibilitySet(String subject, Compatibility compatibility) {}
      });

  @Test
  void versionsCountFromOneAndIdsAreGlobal() {
    int first = registry.register("a-value", V1);
    int second = registry.register("a-value", V2);
    int shared = registry.register("b-value", V1);

    assertThat(registry.versions("a-value")).containsExactly(1, 2);
    assertThat(second).isGreaterThan(first);
    assertThat(shared).isEqualTo(first);
    assertThat(registry.latest("a-value").schema()).isEqualTo(V2);
    assertThat(journaled).extracting(RegisteredSchema::id).containsExactly(first, second, first);
  }

  @Test
  void incompatibleChangeIsRefusedAndNotJournaled() {
    registry.register("a-value", V1);

    var e = catchThrowableOfType(SchemaRegistryException.class, () -> registry.register("a-value", BREAKING));

    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
    assertThat(journaled).hasSize(1);
    assertThat(registry.isCompatible("a-value", V2)).isTrue();
  }

  /**
   * A journal write that fails may still be stored (a timeout is no refusal). Its id and version
   * must not go to another schema, and every id handed out must read the same schema after a
   * restart replays the journal.
   */
  @Test
  void aFailedJournalWriteThatLandedAnywayNeverMakesAnIdReadAnotherSchemaAfterARestart() {
    List<RegisteredSchema> stored = new ArrayList<>();
    boolean[] failNext = {false};
    InMemorySchemaRegistry live = new InMemorySchemaRegistry(Compatibility.NONE, new InMemorySchemaRegistry.Journal() {
      @Override
      public void versionAdded(RegisteredSchema version) {
        stored.add(version); // it lands ...
        if (failNext[0]) {
          failNext[0] = false;
          throw new IllegalStateException("timed out waiting for the journal"); // ... but the caller hears otherwise
        }
      }

      @Override
      public void compatibilitySet(String subject, Compatibility compatibility) {}
    });
    java.util.Map<Integer, Schema> handedOut = new java.util.HashMap<>();
    handedOut.put(live.register("a-value", V1), V1);
    failNext[0] = true;
    catchThrowableOfType(IllegalStateException.class, () -> live.register("a-value", V2));
    handedOut.put(live.register("a-value", BREAKING), BREAKING);
    handedOut.put(live.register("a-value", V2), V2); // the producer's retry

    InMemorySchemaRegistry restarted = new InMemorySchemaRegistry();
    stored.forEach(restarted::restore);

    handedOut.forEach((id, schema) -> {
      assertThat(live.byId(id)).as("id %s live", id).isEqualTo(schema);
      assertThat(restarted.byId(id)).as("id %s after the restart", id).isEqualTo(schema);
    });
    assertThat(stored).extracting(RegisteredSchema::id).doesNotHaveDuplicates();
    assertThat(stored).extracting(RegisteredSchema::version).doesNotHaveDuplicates();
    assertThat(live.versions("a-value")).doesNotHaveDuplicates();
  }

  @Test
  void anySchemaIsCompatibleWithASubjectThatHasNoneYet() {
    assertThat(registry.isCompatible("new-value", BREAKING)).isTrue();
    assertThat(registry.subjects()).isEmpty();
  }

  @Test
  void aFailingJournalLeavesTheRegistryUnchanged() {
    var failing = new InMemorySchemaRegistry(Compatibility.BACKWARD, new InMemorySchemaRegistry.Journal() {
      @Override
      public void versionAdded(RegisteredSchema version) {
        throw new IllegalStateException("broker down");
      }

      @Override
      public void compatibilitySet(String subject, Compatibility compatibility) {}
    });

    catchThrowableOfType(IllegalStateException.class, () -> failing.register("a-value", V1));

    assertThat(failing.subjects()).isEmpty();
  }

  @Test
  void restoredVersionsKeepTheirIdsAndNewOnesContinueAfterThem() {
    registry.restore(new RegisteredSchema("a-value", 1, 17, V1));

    assertThat(registry.idOf("a-value", V1)).isEqualTo(17);
    assertThat(registry.register("b-value", BREAKING)).isEqualTo(18);
  }

  @Test
  void mockScopesAreSharedByName() {
    assertThat(MockSchemaRegistry.forScope("x")).isSameAs(MockSchemaRegistry.forScope("x"))
        .isNotSameAs(MockSchemaRegistry.forScope("y"));
  }
}
