package io.ticketflow.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.registry.Compatibility;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released version of every schema is kept under {@code src/test/resources/schemas/vN/}.
 * The current schemas must be BACKWARD compatible with all of them (DESIGN.md: the processor reads
 * inquiries written with any earlier schema) and FORWARD compatible too (channel adapters and
 * analytics still on an earlier schema must read what we write now), i.e. FULL_TRANSITIVE.
 *
 * <p>When a schema changes in a release, copy the new {@code .avsc} into a new {@code vN+1} folder.
 */
class SchemaCompatibilityTest {
  static final List<Schema> CURRENT = List.of(Inquiry.getClassSchema(), FaqEntry.getClassSchema(),
      Feedback.getClassSchema(), Reply.getClassSchema(), Escalation.getClassSchema(),
      AuditRecord.getClassSchema(), DeadLetter.getClassSchema(), FaqStats.getClassSchema());

  static Stream<Schema> currentSchemas() {
    return CURRENT.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentSchemas")
  void currentSchemaIsCompatibleWithEveryReleasedVersion(Schema current) {
    List<Schema> released = released(current.getName());

    assertThat(released).as("released versions of %s", current.getName()).isNotEmpty();
    assertThat(Compatibility.FULL_TRANSITIVE.violations(current, released)).isEmpty();
  }

  @Test
  void addingAFieldWithoutDefaultIsCaught() {
    Schema released = released("Reply").get(0);
    Schema changed = withFields(released, SchemaBuilder.record("Reply").fields()
        .requiredString("mandatoryNewField").endRecord().getFields().get(0));

    assertThat(Compatibility.BACKWARD.violations(changed, List.of(released)))
        .singleElement().asString().contains("mandatoryNewField");
  }

  @Test
  void removingAFieldWithoutDefaultIsCaught() {
    Schema released = released("Inquiry").get(0);
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : released.getFields()) {
      if (!field.name().equals("text")) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    Schema changed = Schema.createRecord(released.getName(), released.getDoc(), released.getNamespace(), false, fields);

    assertThat(Compatibility.FULL_TRANSITIVE.violations(changed, List.of(released)))
        .singleElement().asString().contains("text");
  }

  @Test
  void addingAnOptionalFieldWithDefaultIsAllowed() {
    Schema released = released("Reply").get(0);
    Schema changed = withFields(released, SchemaBuilder.record("Reply").fields()
        .optionalString("channelThreadId").endRecord().getFields().get(0));

    assertThat(Compatibility.FULL_TRANSITIVE.violations(changed, List.of(released))).isEmpty();
  }

  private static Schema withFields(Schema base, Schema.Field extra) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : base.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    fields.add(new Schema.Field(extra, extra.schema()));
    return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
  }

  /** The released versions of a record, oldest first. */
  static List<Schema> released(String name) {
    try {
      Path root = Path.of(SchemaCompatibilityTest.class.getResource("/schemas").toURI());
      List<Schema> versions = new ArrayList<>();
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path dir : dirs.sorted(java.util.Comparator.comparingInt(
            (Path d) -> Integer.parseInt(d.getFileName().toString().substring(1)))).toList()) {
          Path file = dir.resolve(name + ".avsc");
          if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
              versions.add(new Schema.Parser().parse(in));
            }
          }
        }
      }
      return versions;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
