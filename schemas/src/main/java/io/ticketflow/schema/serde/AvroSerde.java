package io.ticketflow.schema.serde;

import io.ticketflow.schema.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serializer and deserializer for one generated Avro class, sharing one registry client. */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
    this.serializer = serializer;
    this.deserializer = deserializer;
  }

  /** A configured serde for {@code type}'s values (or keys when {@code isKey}). */
  public static <T extends SpecificRecord> AvroSerde<T> of(
      Class<T> type, SchemaRegistryClient registry, Map<String, ?> configs, boolean isKey) {
    return new AvroSerde<>(new AvroSerializer<>(registry, configs, isKey),
        new AvroDeserializer<>(registry, configs, type));
  }

  /** A configured serde for {@code type}'s values, with a registry client made from configs. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, Map<String, ?> configs) {
    return of(type, new AvroSerdeConfig(configs).createClient(), configs, false);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
