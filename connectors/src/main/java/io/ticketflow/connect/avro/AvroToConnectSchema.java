package io.ticketflow.connect.avro;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Type;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Avro schema to Connect schema. {@code [null, T]} (either order) becomes an optional {@code T};
 * enums become strings (their Avro name and symbols kept as schema parameters so the way back
 * restores the enum); {@code timestamp-millis}, {@code date}, {@code time-millis} and {@code
 * decimal} become Connect's {@code Timestamp}, {@code Date}, {@code Time} and {@code Decimal}.
 * Defaults of primitive, enum and logical-type fields are kept as the Connect schemas' defaults.
 *
 * <p>Not mapped, with a {@link DataException} naming the schema: unions of two or more non-null
 * types and recursive records (Connect schemas are trees). {@code timestamp-micros} stays a plain
 * {@code int64}, as converting it to Connect's millisecond {@code Timestamp} would lose digits.
 */
public final class AvroToConnectSchema {
  /** Schema parameter carrying the Avro full name of an enum mapped to a string. */
  public static final String ENUM_PARAMETER = "io.ticketflow.connect.avro.enum";
  /** Schema parameter carrying an enum's symbols, comma-separated, in declaration order. */
  public static final String ENUM_SYMBOLS_PARAMETER = "io.ticketflow.connect.avro.enum.symbols";
  /** Connect's own parameter name for a decimal's precision (the same one Confluent uses). */
  public static final String PRECISION_PARAMETER = "connect.decimal.precision";

  private AvroToConnectSchema() {}

  /** The Connect schema of values written with {@code avro}. */
  public static Schema toConnect(org.apache.avro.Schema avro) {
    return convert(avro, false, new HashSet<>());
  }

  private static Schema convert(org.apache.avro.Schema avro, boolean optional, Set<String> open) {
    return builderOf(avro, optional, open).build();
  }

  private static SchemaBuilder builderOf(org.apache.avro.Schema avro, boolean optional, Set<String> open) {
    if (avro.getType() == Type.UNION) {
      return union(avro, open);
    }
    SchemaBuilder builder = builderFor(avro, open);
    if (optional) {
      builder.optional();
    }
    return builder;
  }

  private static SchemaBuilder union(org.apache.avro.Schema union, Set<String> open) {
    List<org.apache.avro.Schema> nonNull = new ArrayList<>();
    for (org.apache.avro.Schema branch : union.getTypes()) {
      if (branch.getType() != Type.NULL) {
        nonNull.add(branch);
      }
    }
    if (nonNull.size() != 1) {
      throw new DataException("Avro union " + union + " has " + nonNull.size()
          + " non-null branches; only [null, T] unions map to Connect (as optional T)");
    }
    boolean optional = nonNull.size() < union.getTypes().size();
    return builderOf(nonNull.get(0), optional, open);
  }

  private static SchemaBuilder builderFor(org.apache.avro.Schema avro, Set<String> open) {
    SchemaBuilder logical = logical(avro);
    if (logical != null) {
      return logical;
    }
    return switch (avro.getType()) {
      case RECORD -> record(avro, open);
      case ENUM -> SchemaBuilder.string()
          .parameter(ENUM_PARAMETER, avro.getFullName())
          .parameter(ENUM_SYMBOLS_PARAMETER, String.join(",", avro.getEnumSymbols()));
      case ARRAY -> SchemaBuilder.array(convert(avro.getElementType(), false, open));
      case MAP -> SchemaBuilder.map(Schema.STRING_SCHEMA, convert(avro.getValueType(), false, open));
      case STRING -> SchemaBuilder.string();
      case BYTES, FIXED -> SchemaBuilder.bytes();
      case INT -> SchemaBuilder.int32();
      case LONG -> SchemaBuilder.int64();
      case FLOAT -> SchemaBuilder.float32();
      case DOUBLE -> SchemaBuilder.float64();
      case BOOLEAN -> SchemaBuilder.bool();
      case NULL, UNION -> throw new DataException("Avro type " + avro.getType()
          + " cannot stand alone in a Connect schema");
    };
  }

  private static SchemaBuilder logical(org.apache.avro.Schema avro) {
    LogicalType type = avro.getLogicalType();
    if (type == null) {
      return null;
    }
    if (type instanceof LogicalTypes.Decimal decimal) {
      return Decimal.builder(decimal.getScale())
          .parameter(PRECISION_PARAMETER, Integer.toString(decimal.getPrecision()));
    }
    if (type instanceof LogicalTypes.TimestampMillis) {
      return Timestamp.builder();
    }
    if (type instanceof LogicalTypes.Date) {
      return Date.builder();
    }
    if (type instanceof LogicalTypes.TimeMillis) {
      return Time.builder();
    }
    return null; // e.g. uuid (a string), timestamp-micros (a long): the underlying type stands
  }

  private static SchemaBuilder record(org.apache.avro.Schema avro, Set<String> open) {
    if (!open.add(avro.getFullName())) {
      throw new DataException("Avro record " + avro.getFullName()
          + " is recursive; Connect schemas cannot express recursion");
    }
    SchemaBuilder builder = SchemaBuilder.struct().name(avro.getFullName());
    if (avro.getDoc() != null) {
      builder.doc(avro.getDoc());
    }
    for (org.apache.avro.Schema.Field field : avro.getFields()) {
      SchemaBuilder fieldBuilder = builderOf(field.schema(), false, open);
      Schema plain = fieldBuilder.build();
      Object defaultValue = defaultOf(field, plain);
      if (defaultValue == null && field.hasDefaultValue() && !plain.isOptional()
          && (plain.type() == Schema.Type.ARRAY || plain.type() == Schema.Type.MAP)) {
        // A list or map with a default the sink cannot be given: optional instead, so that a
        // schema version adding one becomes a nullable column (the rows before it have none)
        // rather than one the JDBC sink refuses to add ("not optional but has no default value").
        plain = builderOf(field.schema(), true, open).build();
      }
      builder.field(field.name(), defaultValue == null ? plain : fieldBuilder.defaultValue(defaultValue).build());
    }
    open.remove(avro.getFullName());
    return builder;
  }

  /**
   * The field's Avro default as a Connect value, or null when it has none or it is null. A sink
   * that evolves its table needs it: a new required field becomes a {@code NOT NULL} column, which
   * a database can add to a table with rows only with a default. Carried for primitive, enum and
   * logical types only: the Debezium JDBC sink resolves no array or map default (it fails the
   * task, "No default value resolution for schema type ARRAY"), so an array or map field with a
   * default is mapped as optional instead; a record-typed default would need the finished schema
   * it belongs to.
   */
  private static Object defaultOf(org.apache.avro.Schema.Field field, Schema connect) {
    if (!field.hasDefaultValue() || !connect.type().isPrimitive()) {
      return null;
    }
    Object avroDefault = GenericData.get().getDefaultValue(field);
    return avroDefault == null ? null : AvroToConnectData.toConnect(field.schema(), connect, avroDefault);
  }
}
