package io.ticketflow.connect.avro;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect schema to Avro schema, for values a source connector or a transform built (values that
 * came from Avro keep their original schema in the converter). The inverse of {@link
 * AvroToConnectSchema}: optional becomes {@code [null, T]} with a null default, strings carrying
 * {@link AvroToConnectSchema#ENUM_PARAMETER} become enums again, logical types map back.
 */
public final class ConnectToAvroSchema {
  /** Default decimal precision when the Connect schema does not say (Confluent's default too). */
  static final int DEFAULT_PRECISION = 64;
  private static final String UNNAMED_RECORD = "io.ticketflow.connect.Record";

  private ConnectToAvroSchema() {}

  public static org.apache.avro.Schema toAvro(Schema connect) {
    return convert(connect, UNNAMED_RECORD);
  }

  private static org.apache.avro.Schema convert(Schema connect, String path) {
    org.apache.avro.Schema plain = plain(connect, path);
    if (!connect.isOptional()) {
      return plain;
    }
    return org.apache.avro.Schema.createUnion(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), plain);
  }

  private static org.apache.avro.Schema plain(Schema connect, String path) {
    String name = connect.name();
    if (Decimal.LOGICAL_NAME.equals(name)) {
      int scale = Integer.parseInt(connect.parameters().get(Decimal.SCALE_FIELD));
      String precision = connect.parameters().get(AvroToConnectSchema.PRECISION_PARAMETER);
      return LogicalTypes.decimal(precision == null ? DEFAULT_PRECISION : Integer.parseInt(precision), scale)
          .addToSchema(create(org.apache.avro.Schema.Type.BYTES));
    }
    if (Timestamp.LOGICAL_NAME.equals(name)) {
      return LogicalTypes.timestampMillis().addToSchema(create(org.apache.avro.Schema.Type.LONG));
    }
    if (Date.LOGICAL_NAME.equals(name)) {
      return LogicalTypes.date().addToSchema(create(org.apache.avro.Schema.Type.INT));
    }
    if (Time.LOGICAL_NAME.equals(name)) {
      return LogicalTypes.timeMillis().addToSchema(create(org.apache.avro.Schema.Type.INT));
    }
    return switch (connect.type()) {
      case STRUCT -> record(connect, path);
      case STRING -> string(connect);
      case ARRAY -> org.apache.avro.Schema.createArray(convert(connect.valueSchema(), path + "_item"));
      case MAP -> {
        if (connect.keySchema().type() != Schema.Type.STRING) {
          throw new DataException("Avro maps need string keys, not " + connect.keySchema().type());
        }
        yield org.apache.avro.Schema.createMap(convert(connect.valueSchema(), path + "_value"));
      }
      case INT8, INT16, INT32 -> create(org.apache.avro.Schema.Type.INT);
      case INT64 -> create(org.apache.avro.Schema.Type.LONG);
      case FLOAT32 -> create(org.apache.avro.Schema.Type.FLOAT);
      case FLOAT64 -> create(org.apache.avro.Schema.Type.DOUBLE);
      case BOOLEAN -> create(org.apache.avro.Schema.Type.BOOLEAN);
      case BYTES -> create(org.apache.avro.Schema.Type.BYTES);
    };
  }

  private static org.apache.avro.Schema string(Schema connect) {
    String enumName = connect.parameters() == null ? null
        : connect.parameters().get(AvroToConnectSchema.ENUM_PARAMETER);
    if (enumName == null) {
      return create(org.apache.avro.Schema.Type.STRING);
    }
    List<String> symbols = Arrays.asList(
        connect.parameters().get(AvroToConnectSchema.ENUM_SYMBOLS_PARAMETER).split(","));
    return org.apache.avro.Schema.createEnum(enumName, null, null, symbols);
  }

  private static org.apache.avro.Schema record(Schema connect, String path) {
    String name = connect.name() != null ? connect.name() : path;
    List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
    for (Field field : connect.fields()) {
      org.apache.avro.Schema type = convert(field.schema(), name + "_" + field.name());
      Object defaultValue = field.schema().isOptional() ? JsonProperties.NULL_VALUE : null;
      fields.add(new org.apache.avro.Schema.Field(field.name(), type, field.schema().doc(), defaultValue));
    }
    return org.apache.avro.Schema.createRecord(name, connect.doc(), null, false, fields);
  }

  private static org.apache.avro.Schema create(org.apache.avro.Schema.Type type) {
    return org.apache.avro.Schema.create(type);
  }
}
