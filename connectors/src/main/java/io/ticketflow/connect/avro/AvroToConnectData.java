package io.ticketflow.connect.avro;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Type;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A decoded Avro value (as {@code GenericDatumReader} returns it, without logical-type conversions)
 * to its Connect value under the schema {@link AvroToConnectSchema} made: records to {@link Struct},
 * {@code Utf8} and enum symbols to {@code String}, {@code timestamp-millis} longs to {@link
 * java.util.Date}, {@code decimal} bytes to {@link BigDecimal}, arrays to lists, maps to maps with
 * string keys.
 */
public final class AvroToConnectData {
  private AvroToConnectData() {}

  public static Object toConnect(org.apache.avro.Schema avro, Schema connect, Object value) {
    if (value == null) {
      if (!connect.isOptional()) {
        throw new DataException("null for non-optional " + describe(connect));
      }
      return null;
    }
    org.apache.avro.Schema avroType = avro.getType() == Type.UNION ? branchOf(avro) : avro;
    return switch (connect.type()) {
      case STRUCT -> struct(avroType, connect, (IndexedRecord) value);
      case ARRAY -> array(avroType, connect, (Collection<?>) value);
      case MAP -> map(avroType, connect, (Map<?, ?>) value);
      case STRING -> value.toString(); // Utf8, String or GenericEnumSymbol
      case BYTES -> bytes(avroType, value);
      case INT32 -> logicalInt(connect, (Integer) value);
      case INT64 -> isTimestamp(connect) ? new java.util.Date((Long) value) : value;
      case FLOAT32, FLOAT64, BOOLEAN, INT8, INT16 -> value;
    };
  }

  private static boolean isTimestamp(Schema connect) {
    return org.apache.kafka.connect.data.Timestamp.LOGICAL_NAME.equals(connect.name());
  }

  private static Object logicalInt(Schema connect, Integer value) {
    if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(connect.name())) {
      return new java.util.Date(value * 86_400_000L);
    }
    if (org.apache.kafka.connect.data.Time.LOGICAL_NAME.equals(connect.name())) {
      return new java.util.Date(value.longValue());
    }
    return value;
  }

  private static Struct struct(org.apache.avro.Schema avro, Schema connect, IndexedRecord record) {
    Struct struct = new Struct(connect);
    for (Field field : connect.fields()) {
      org.apache.avro.Schema.Field avroField = avro.getField(field.name());
      struct.put(field, toConnect(avroField.schema(), field.schema(), record.get(avroField.pos())));
    }
    return struct;
  }

  private static List<Object> array(org.apache.avro.Schema avro, Schema connect, Collection<?> items) {
    List<Object> result = new ArrayList<>(items.size());
    for (Object item : items) {
      result.add(toConnect(avro.getElementType(), connect.valueSchema(), item));
    }
    return result;
  }

  private static Map<String, Object> map(org.apache.avro.Schema avro, Schema connect, Map<?, ?> map) {
    Map<String, Object> result = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      result.put(entry.getKey().toString(),
          toConnect(avro.getValueType(), connect.valueSchema(), entry.getValue()));
    }
    return result;
  }

  private static Object bytes(org.apache.avro.Schema avro, Object value) {
    byte[] raw;
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      raw = new byte[copy.remaining()];
      copy.get(raw);
    } else if (value instanceof GenericFixed fixed) {
      raw = fixed.bytes().clone();
    } else {
      throw new DataException("expected bytes for " + avro + ", got " + value.getClass().getName());
    }
    if (avro.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
      return new BigDecimal(new BigInteger(raw), decimal.getScale());
    }
    return raw;
  }

  /** The branch of a {@code [null, T]} union a non-null value belongs to: its only non-null one. */
  private static org.apache.avro.Schema branchOf(org.apache.avro.Schema union) {
    for (org.apache.avro.Schema branch : union.getTypes()) {
      if (branch.getType() != Type.NULL) {
        return branch;
      }
    }
    throw new DataException("union " + union + " has no non-null branch");
  }

  private static String describe(Schema connect) {
    return connect.name() != null ? connect.name() : connect.type().toString();
  }
}
