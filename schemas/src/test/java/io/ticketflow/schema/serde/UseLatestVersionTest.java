package io.ticketflow.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ticketflow.schema.Fixtures;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.registry.InMemorySchemaRegistry;
import io.ticketflow.schema.registry.RegisteredSchema;
import java.io.File;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * With {@code auto.register.schemas=false} and {@code use.latest.version=true} the serializer writes
 * with the subject's latest version, typically registered from the {@code .avsc} files by a
 * deployment pipeline rather than from the generated class.
 */
class UseLatestVersionTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://use-latest",
      AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false, AvroSerdeConfig.USE_LATEST_VERSION, true);
  private final AvroSerializer<Inquiry> serializer = new AvroSerializer<>(registry, config, false);

  @Test
  void aLatestVersionRegisteredFromTheAvscFileIsUsed() throws IOException {
    // The generated class's schema carries "avro.java.string" on every string (stringType=String);
    // the .avsc file registered by a pipeline or another language's producer does not.
    Schema.Parser parser = new Schema.Parser();
    parser.parse(new File("src/main/avro/Channel.avsc"));
    Schema fromFile = parser.parse(new File("src/main/avro/Inquiry.avsc"));
    registry.restore(new RegisteredSchema("inquiries-value", 1, 42, fromFile));

    byte[] bytes = serializer.serialize("inquiries", Fixtures.inquiry());

    assertThat(WireFormat.schemaId(bytes)).isEqualTo(42);
    assertThat(new AvroDeserializer<>(registry, config, Inquiry.class).deserialize("inquiries", bytes))
        .isEqualTo(Fixtures.inquiry());
  }

  @Test
  void aLatestVersionThatEncodesDifferentlyIsRefused() {
    Schema other = new Schema.Parser().parse(Inquiry.getClassSchema().toString()
        .replace("{\"name\":\"text\"", "{\"name\":\"priority\",\"type\":\"int\",\"default\":0},{\"name\":\"text\""));
    registry.restore(new RegisteredSchema("inquiries-value", 1, 43, other));

    AvroSerdeException e = catchThrowableOfType(AvroSerdeException.class,
        () -> serializer.serialize("inquiries", Fixtures.inquiry()));

    assertThat(e.reason()).isEqualTo(AvroSerdeException.Reason.INCOMPATIBLE_SCHEMA);
    assertThat(e).hasMessageContaining("version 1 of subject 'inquiries-value'");
  }
}
