package io.ticketflow.connect.avro;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Type;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * A Connect value to the raw Avro value {@code GenericDatumWriter} writes under {@code avro} (no
 * logical-type conversions registered: timestamps as epoch-millisecond longs, decimals as
 * two's-complement bytes of the unscaled value, enums as {@link GenericData.EnumSymbol}).
 */
public final class ConnectToAvroData {
  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

  private ConnectToAvroData() {}

  public static Object toAvro(Schema connect, org.apache.avro.Schema avro, Object value) {
    if (value == null) {
      if (!connect.isOptional()) {
        throw new DataException("null for non-optional field of type " + connect.type());
      }
      return null;
    }
    org.apache.avro.Schema type = avro.getType() == Type.UNION ? nonNull(avro) : avro;
    String logical = connect.name();
    if (Timestamp.LOGICAL_NAME.equals(logical)) {
      return Timestamp.fromLogical(connect, (java.util.Date) value);
    }
    if (Date.LOGICAL_NAME.equals(logical)) {
      return Date.fromLogical(connect, (java.util.Date) value);
    }
    if (Time.LOGICAL_NAME.equals(logical)) {
      return Time.fromLogical(connect, (java.util.Date) value);
    }
    if (Decimal.LOGICAL_NAME.equals(logical)) {
      return decimal(type, (BigDecimal) value);
    }
    return switch (connect.type()) {
      case STRUCT -> record(connect, type, (Struct) value);
      case ARRAY -> array(connect, type, (Collection<?>) value);
      case MAP -> map(connect, type, (Map<?, ?>) value);
      case STRING -> type.getType() == Type.ENUM ? symbol(type, (String) value) : value;
      case BYTES -> value instanceof byte[] raw ? ByteBuffer.wrap(raw) : value;
      case INT8, INT16 -> ((Number) value).intValue();
      case INT32, INT64, FLOAT32, FLOAT64, BOOLEAN -> value;
    };
  }

  private static Object decimal(org.apache.avro.Schema avro, BigDecimal value) {
    if (!(avro.getLogicalType() instanceof LogicalTypes.Decimal logical)) {
      throw new DataException("a Connect Decimal needs an Avro decimal, not " + avro);
    }
    try {
      // Avro's own conversion checks the scale and, for fixed, sign-extends to the fixed size.
      return avro.getType() == Type.FIXED
          ? DECIMALS.toFixed(value, avro, logical)
          : DECIMALS.toBytes(value, avro, logical);
    } catch (AvroTypeException e) {
      throw new DataException("decimal " + value + " does not fit " + avro + ": " + e.getMessage(), e);
    }
  }

  private static GenericData.Record record(Schema connect, org.apache.avro.Schema avro, Struct struct) {
    GenericData.Record record = new GenericData.Record(avro);
    for (Field field : connect.fields()) {
      org.apache.avro.Schema.Field avroField = avro.getField(field.name());
      if (avroField == null) {
        throw new DataException("Avro record " + avro.getFullName() + " has no field " + field.name());
      }
      record.put(avroField.pos(), toAvro(field.schema(), avroField.schema(), struct.get(field)));
    }
    return record;
  }

  private static List<Object> array(Schema connect, org.apache.avro.Schema avro, Collection<?> items) {
    List<Object> result = new ArrayList<>(items.size());
    for (Object item : items) {
      result.add(toAvro(connect.valueSchema(), avro.getElementType(), item));
    }
    return result;
  }

  private static Map<String, Object> map(Schema connect, org.apache.avro.Schema avro, Map<?, ?> map) {
    Map<String, Object> result = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      result.put((String) entry.getKey(), toAvro(connect.valueSchema(), avro.getValueType(), entry.getValue()));
    }
    return result;
  }

  private static GenericData.EnumSymbol symbol(org.apache.avro.Schema avro, String value) {
    if (!avro.hasEnumSymbol(value)) {
      throw new DataException("'" + value + "' is not a symbol of enum " + avro.getFullName());
    }
    return new GenericData.EnumSymbol(avro, value);
  }

  private static org.apache.avro.Schema nonNull(org.apache.avro.Schema union) {
    for (org.apache.avro.Schema branch : union.getTypes()) {
      if (branch.getType() != Type.NULL) {
        return branch;
      }
    }
    throw new DataException("union " + union + " has no non-null branch");
  }
}
