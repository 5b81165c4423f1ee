package io.ticketflow.connect;

import io.ticketflow.connect.avro.AvroToConnectData;
import io.ticketflow.connect.avro.AvroToConnectSchema;
import io.ticketflow.connect.avro.ConnectToAvroData;
import io.ticketflow.connect.avro.ConnectToAvroSchema;
import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.registry.SchemaRegistryException;
import io.ticketflow.schema.serde.AvroDeserializer;
import io.ticketflow.schema.serde.AvroSerdeConfig;
import io.ticketflow.schema.serde.AvroSerdeException;
import io.ticketflow.schema.serde.AvroSerializer;
import io.ticketflow.schema.serde.WireFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Kafka Connect converter for ticketflow's wire format (Confluent's: magic byte, 4-byte schema
 * id, Avro binary), configured under Confluent's names ({@code schema.registry.url}, {@code
 * basic.auth.user.info}, ...) so one connector config works with this class in the embedded
 * stack and with {@code io.confluent.connect.avro.AvroConverter} in docker-compose.
 *
 * <p>Reading: the writer schema is fetched once per id and mapped to a Connect schema (see {@link
 * AvroToConnectSchema}). Bad bytes (wrong magic byte, truncated, unknown schema id, undecodable)
 * raise a {@link DataException} whose message starts with the {@link AvroSerdeException.Reason},
 * which Connect's {@code errors.tolerance=all} routes to the dead-letter topic. A registry that
 * cannot be reached or answers with a server error raises a {@link RetriableException} instead:
 * the record is good, so Connect retries it (the sink configs set {@code errors.retry.timeout=-1})
 * rather than dead-lettering it, where nothing would bring it back to its table.
 *
 * <p>Writing: values that came from Avro are written with their original schema (so a round trip
 * is byte-identical); other structs get a schema derived by {@link ConnectToAvroSchema}.
 */
public class AvroConverter implements Converter {
  private SchemaRegistryClient registry;
  private AvroDeserializer<Object> deserializer;
  private AvroSerializer<GenericContainer> serializer;
  private boolean isKey;
  private final Map<Integer, Schema> connectSchemasById = new ConcurrentHashMap<>();
  private final Map<Integer, org.apache.avro.Schema> avroSchemasById = new ConcurrentHashMap<>();
  private final Map<Schema, org.apache.avro.Schema> avroSchemasByConnect = new ConcurrentHashMap<>();

  @Override
  public ConfigDef config() {
    return AvroSerdeConfig.CONFIG;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Map<String, Object> serdeConfigs = new HashMap<>(configs);
    // Connect needs generic records to map; generated classes would be of no use here.
    serdeConfigs.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, false);
    AvroSerdeConfig config = new AvroSerdeConfig(serdeConfigs);
    this.isKey = isKey;
    this.registry = config.createClient();
    this.deserializer = new AvroDeserializer<>();
    this.deserializer.configure(serdeConfigs, isKey);
    this.serializer = new AvroSerializer<>();
    this.serializer.configure(serdeConfigs, isKey);
  }

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    if (value == null) {
      return SchemaAndValue.NULL;
    }
    requireConfigured();
    try {
      int id = WireFormat.schemaId(value);
      Object avroValue = deserializer.deserialize(topic, value);
      org.apache.avro.Schema writer = avroSchemasById.computeIfAbsent(id, registry::byId);
      Schema connect = connectSchemasById.computeIfAbsent(id, i -> {
        Schema mapped = AvroToConnectSchema.toConnect(writer);
        avroSchemasByConnect.putIfAbsent(mapped, writer);
        return mapped;
      });
      return new SchemaAndValue(connect, AvroToConnectData.toConnect(writer, connect, avroValue));
    } catch (AvroSerdeException | SchemaRegistryException e) {
      String message = "cannot convert the " + part() + " of a record on topic " + topic + " (" + value.length
          + " bytes): " + e.getMessage();
      throw registryOutage(e) ? new RetriableException(message, e) : new DataException(message, e);
    }
  }

  /**
   * Whether {@code e} comes from a registry that could not be asked or would not answer, not from
   * the record. Only an answer about the record's schema id is the record's fault: no such schema
   * (40403) or one that is not usable Avro (42201). Anything else — unreachable, 5xx, but also 401
   * or 403 after a credential change, 429, or a proxy's 404 — is retried, so that good records are
   * never dead-lettered while the registry cannot be used.
   */
  static boolean registryOutage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException r) {
        return r.errorCode() != SchemaRegistryException.SCHEMA_NOT_FOUND
            && r.errorCode() != SchemaRegistryException.INVALID_SCHEMA;
      }
    }
    return false;
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    requireConfigured();
    if (schema == null) {
      throw new DataException("the " + part() + " for topic " + topic + " has no schema; "
          + "an Avro converter needs one");
    }
    org.apache.avro.Schema avro = avroSchemasByConnect.computeIfAbsent(schema, ConnectToAvroSchema::toAvro);
    Object avroValue = ConnectToAvroData.toAvro(schema, avro, value);
    if (!(avroValue instanceof GenericContainer container)) {
      throw new DataException("only struct " + part() + "s can be written as Avro records, not "
          + schema.type());
    }
    try {
      return serializer.serialize(topic, container);
    } catch (AvroSerdeException e) {
      throw new DataException("cannot write the " + part() + " for topic " + topic + ": "
          + e.getMessage(), e);
    }
  }

  private void requireConfigured() {
    if (registry == null) {
      throw new IllegalStateException("AvroConverter used before configure()");
    }
  }

  private String part() {
    return isKey ? "key" : "value";
  }

  @Override
  public void close() {
    if (registry != null) {
      registry.close();
    }
  }
}
