package io.ticketflow.connect.sink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Replaces every NUL character (U+0000) in a record's key and value strings, at any depth, with
 * U+FFFD, the way the processor writes a NUL it carries into an audit record or dead letter.
 * PostgreSQL's {@code text} cannot hold a NUL: without this, a helpdesk's feedback comment with one
 * NUL in it would be refused by the database and dead-lettered ({@link DeadLetteringJdbcSinkTask})
 * instead of stored. Kafka Connect ships no transform that rewrites string contents, hence this one. A record without NUL passes unchanged (the same instance).
 */
public final class ReplaceNulCharacters<R extends ConnectRecord<R>> implements Transformation<R> {
  static final String NUL = "\u0000";
  static final String REPLACEMENT = "\uFFFD";

  @Override
  public R apply(R record) {
    if (record == null) {
      return null;
    }
    Object key = clean(record.key());
    Object value = clean(record.value());
    if (key == record.key() && value == record.value()) {
      return record;
    }
    return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), key,
        record.valueSchema(), value, record.timestamp(), record.headers());
  }

  /** {@code value} with NULs replaced; the same instance when it holds none. */
  static Object clean(Object value) {
    if (value instanceof String s) {
      return s.contains(NUL) ? s.replace(NUL, REPLACEMENT) : s;
    }
    if (value instanceof Struct struct) {
      return cleanStruct(struct);
    }
    if (value instanceof List<?> list) {
      return cleanList(list);
    }
    if (value instanceof Map<?, ?> map) {
      return cleanMap(map);
    }
    return value;
  }

  private static Struct cleanStruct(Struct struct) {
    Struct copy = null;
    List<Field> fields = struct.schema().fields();
    for (int i = 0; i < fields.size(); i++) {
      Field field = fields.get(i);
      Object original = struct.getWithoutDefault(field.name());
      Object cleaned = clean(original);
      if (cleaned != original && copy == null) {
        copy = new Struct(struct.schema());
        for (int j = 0; j < i; j++) {
          putIfSet(copy, fields.get(j), struct.getWithoutDefault(fields.get(j).name()));
        }
      }
      if (copy != null) {
        putIfSet(copy, field, cleaned);
      }
    }
    return copy == null ? struct : copy;
  }

  /** An unset field stays unset (put would refuse null for a required field with a default). */
  private static void putIfSet(Struct struct, Field field, Object value) {
    if (value != null) {
      struct.put(field, value);
    }
  }

  private static List<?> cleanList(List<?> list) {
    List<Object> copy = null;
    for (int i = 0; i < list.size(); i++) {
      Object original = list.get(i);
      Object cleaned = clean(original);
      if (cleaned != original && copy == null) {
        copy = new ArrayList<>(list.subList(0, i));
      }
      if (copy != null) {
        copy.add(cleaned);
      }
    }
    return copy == null ? list : copy;
  }

  private static Map<?, ?> cleanMap(Map<?, ?> map) {
    Map<Object, Object> copy = new LinkedHashMap<>();
    boolean changed = false;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object key = clean(e.getKey());
      Object value = clean(e.getValue());
      changed |= key != e.getKey() || value != e.getValue();
      copy.put(key, value);
    }
    return changed ? copy : map;
  }

  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public void close() {}
}
