package io.ticketflow.devstack.connect;

import io.ticketflow.connect.sink.SinkConnector;
import io.ticketflow.connect.sink.SinkTable;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.db.Database;
import io.ticketflow.devstack.db.Databases;
import io.ticketflow.devstack.db.ScratchDatabase;
import io.ticketflow.schema.serde.AvroSerializer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One sink setup per test class: a scratch database, unique topics, a Connect worker with every
 * sink deployed, an Avro producer and a raw-bytes producer, and SQL helpers.
 */
final class SinkFixture implements AutoCloseable {
  final EmbeddedStack stack;
  final String prefix;
  final Database server;
  final ScratchDatabase database;
  final EmbeddedSinks sinks;
  final KafkaProducer<String, GenericContainer> avro;
  final KafkaProducer<String, byte[]> raw;
  private final Admin admin;

  SinkFixture(EmbeddedStack stack, String name) {
    this.stack = stack;
    String id = UUID.randomUUID().toString().substring(0, 8);
    this.prefix = name + "-" + id + ".";
    this.server = Databases.serverForTests();
    this.database = ScratchDatabase.create(server, name);
    for (SinkTable table : SinkTable.values()) {
      stack.kafka().createTopic(prefix + table.topicSuffix(), 1);
    }
    stack.kafka().createTopic(prefix + "connect-dlq", 1); // else Connect logs an ERROR creating it
    this.sinks = EmbeddedSinks.start(stack, database, false,
        s -> s.withTopicPrefix(prefix).withConnectorPrefix(prefix));
    Map<String, Object> producerConfig = new HashMap<>(stack.kafka().clientConfig());
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    AvroSerializer<GenericContainer> serializer = new AvroSerializer<>();
    serializer.configure(stack.serdeConfig(), false); // through the registry's REST API
    this.avro = new KafkaProducer<>(producerConfig, new StringSerializer(), serializer);
    this.raw = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
    Properties adminConfig = new Properties();
    adminConfig.putAll(stack.kafka().clientConfig());
    this.admin = Admin.create(adminConfig);
  }

  String topic(SinkTable table) {
    return prefix + table.topicSuffix();
  }

  SinkConnector connector(SinkTable table) {
    return sinks.connectors().stream().filter(c -> c.table() == table).findFirst().orElseThrow();
  }

  /** Sends and waits for the broker's acknowledgement of every record. */
  void sendAll(SinkTable table, List<? extends GenericContainer> values,
      Function<GenericContainer, String> key) {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (GenericContainer value : values) {
      acks.add(avro.send(new ProducerRecord<>(topic(table), key.apply(value), value)));
    }
    awaitAll(acks);
  }

  static void awaitAll(List<Future<RecordMetadata>> acks) {
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("send failed", e.getCause());
      }
    }
  }

  /** Whether the table's connector has committed offsets up to the end of its topic. */
  boolean caughtUp(SinkTable table) throws Exception {
    TopicPartition tp = new TopicPartition(topic(table), 0);
    long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
    Map<TopicPartition, OffsetAndMetadata> committed = admin
        .listConsumerGroupOffsets("connect-" + connector(table).name())
        .partitionsToOffsetAndMetadata().get();
    OffsetAndMetadata offset = committed.get(tp);
    return offset != null && offset.offset() >= end;
  }

  ListOffsetsResult.ListOffsetsResultInfo end(String topic) throws Exception {
    TopicPartition tp = new TopicPartition(topic, 0);
    return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get();
  }

  void execute(String sql) throws SQLException {
    try (Connection c = database.connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  long count(String sql) {
    try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return 0; // the sink has not created the table yet
      }
      throw new IllegalStateException(sql, e);
    }
  }

  long rowsWithPrefix(SinkTable table, String idPrefix) {
    return count("SELECT count(*) FROM " + table.tableName() + " WHERE " + table.primaryKey()
        + " LIKE '" + idPrefix + "-%'");
  }

  /** Column name (lower case) to PostgreSQL data type, from information_schema. */
  Map<String, String> columnTypes(String tableName) throws SQLException {
    Map<String, String> types = new HashMap<>();
    try (Connection c = database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT column_name, data_type, udt_name FROM information_schema.columns"
            + " WHERE table_name = '" + tableName + "'")) {
      while (rs.next()) {
        String type = rs.getString(2);
        types.put(rs.getString(1), "ARRAY".equals(type) ? rs.getString(3) : type);
      }
    }
    return types;
  }

  @Override
  public void close() {
    avro.close();
    raw.close();
    admin.close();
    sinks.close();
    database.close();
    server.close();
  }
}
