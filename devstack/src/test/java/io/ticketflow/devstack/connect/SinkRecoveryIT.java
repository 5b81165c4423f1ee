package io.ticketflow.devstack.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.ticketflow.connect.sink.SinkTable;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.Feedback;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.serde.AvroSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What can go wrong around the sinks: the worker restarts mid-stream, a poison record arrives, the
 * reply schema gains a field. One worker and scratch database for the class; each test uses its
 * own ids.
 */
@ExtendWith(EmbeddedStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkRecoveryIT {
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  SinkFixture fx;

  @BeforeAll
  void start(EmbeddedStack stack) {
    fx = new SinkFixture(stack, "sinkrecoveryit");
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void workerRestartMidStreamLosesAndDuplicatesNoRow() throws Exception {
    String ids = "restart";
    int total = 2_000;
    fx.sendAll(SinkTable.AUDIT, audits(ids, 0, total / 2), v -> ((AuditRecord) v).getInquiryId());
    await().atMost(TIMEOUT).until(() -> fx.rowsWithPrefix(SinkTable.AUDIT, ids) > 0);

    // The second half is sent while the worker goes down and comes back.
    CompletableFuture<Void> secondHalf = CompletableFuture.runAsync(() -> fx.sendAll(SinkTable.AUDIT,
        audits(ids, total / 2, total), v -> ((AuditRecord) v).getInquiryId()));
    fx.sinks.restartWorker();
    secondHalf.join();

    await().atMost(TIMEOUT).until(() -> fx.caughtUp(SinkTable.AUDIT)
        && fx.rowsWithPrefix(SinkTable.AUDIT, ids) == total);
    assertThat(fx.count("SELECT count(DISTINCT inquiryId) FROM audit WHERE inquiryId LIKE 'restart-%'"))
        .isEqualTo(total);
    AuditRecord last = OutputSamples.audit(ids, total - 1);
    assertThat(fx.count("SELECT count(*) FROM audit WHERE inquiryId = '" + last.getInquiryId()
        + "' AND endToEndMillis = " + last.getEndToEndMillis())).isEqualTo(1);
  }

  private static List<GenericContainer> audits(String ids, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> (GenericContainer) OutputSamples.audit(ids, i)).toList();
  }

  @Test
  void poisonRecordsGoToConnectsDeadLetterTopicWithContextAndNeighboursAreWritten() throws Exception {
    String topic = fx.topic(SinkTable.REPLIES);
    AvroSerializer<Reply> serializer = new AvroSerializer<>();
    serializer.configure(fx.stack.serdeConfig(), false);
    Reply before = OutputSamples.reply("poison", 1);
    Reply after = OutputSamples.reply("poison", 2);
    byte[] badMagic = {0x07, 0, 0, 0, 1, 2, 3};
    byte[] unknownId = {0x00, 0x7f, 0x7f, 0x7f, 0x7f, 2, 3};
    List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks = new ArrayList<>();
    acks.add(fx.raw.send(new ProducerRecord<>(topic, "c1", serializer.serialize(topic, before))));
    acks.add(fx.raw.send(new ProducerRecord<>(topic, "bad-magic", badMagic)));
    acks.add(fx.raw.send(new ProducerRecord<>(topic, "unknown-id", unknownId)));
    acks.add(fx.raw.send(new ProducerRecord<>(topic, "c2", serializer.serialize(topic, after))));
    SinkFixture.awaitAll(acks);

    await().atMost(TIMEOUT).until(() -> fx.rowsWithPrefix(SinkTable.REPLIES, "poison") == 2);

    List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(topic, 2);
    assertThat(dead).hasSize(2);
    assertThat(dead.get(0).value()).containsExactly(badMagic);
    assertThat(header(dead.get(0), "__connect.errors.topic")).isEqualTo(topic);
    // The topic is shared with the other tests: the offset is wherever the bad record landed.
    assertThat(header(dead.get(0), "__connect.errors.offset")).isEqualTo(Long.toString(acks.get(1).get().offset()));
    assertThat(header(dead.get(0), "__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
    assertThat(header(dead.get(0), "__connect.errors.exception.class.name"))
        .isEqualTo("org.apache.kafka.connect.errors.DataException");
    assertThat(header(dead.get(0), "__connect.errors.exception.message")).contains("UNKNOWN_MAGIC_BYTE");
    assertThat(dead.get(1).value()).containsExactly(unknownId);
    assertThat(header(dead.get(1), "__connect.errors.exception.message")).contains("UNKNOWN_SCHEMA_ID");
  }

  /**
   * The processor writes its outputs in exactly-once transactions; a transaction it aborts (a
   * fenced or crashed instance) is redone by the next owner, possibly with another outcome. The
   * sinks read committed records only, so an aborted output never becomes a row.
   */
  @Test
  void anAbortedTransactionsOutputsNeverBecomeRows() throws Exception {
    String topic = fx.topic(SinkTable.REPLIES);
    AvroSerializer<Reply> serializer = new AvroSerializer<>();
    serializer.configure(fx.stack.serdeConfig(), false);
    Map<String, Object> config = new HashMap<>(fx.stack.kafka().clientConfig());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sinkrecoveryit-txn");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
        new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "c1", serializer.serialize(topic, OutputSamples.reply("txnaborted", 1))))
          .get();
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "c2", serializer.serialize(topic, OutputSamples.reply("txncommitted", 1))));
      producer.commitTransaction();
    }
    // The committed record lies after the aborted one: once its row is there, the other was passed.
    await().atMost(TIMEOUT).until(() -> fx.rowsWithPrefix(SinkTable.REPLIES, "txncommitted") == 1);
    assertThat(fx.rowsWithPrefix(SinkTable.REPLIES, "txnaborted")).as("rows of the aborted transaction").isZero();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header %s", name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void aNulTheDatabaseCannotStoreIsReplacedAndTheSinkKeepsWriting() throws Exception {
    // The feedback sink reads the helpdesk's records as written; PostgreSQL refuses a NUL in text.
    Feedback withNul = Feedback.newBuilder(OutputSamples.feedback("nul", 0))
        .setComment("did not\u0000help\u0000").build();
    fx.sendAll(SinkTable.FEEDBACK, List.of(withNul, OutputSamples.feedback("nul", 1)),
        v -> ((Feedback) v).getConversationId());

    await().atMost(TIMEOUT).until(() -> fx.rowsWithPrefix(SinkTable.FEEDBACK, "nul") == 2);
    try (Connection c = fx.database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT comment FROM feedback WHERE feedbackId = 'nul-fb-0'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("did not\uFFFDhelp\uFFFD");
    }
    assertThat(fx.sinks.connect().isRunning(fx.connector(SinkTable.FEEDBACK).name()))
        .as("the feedback sink's task is still running").isTrue();
  }

  /**
   * A row the database refuses (here by a CHECK constraint) goes to Connect's dead letter topic with
   * the reason, the rows around it are written and the task keeps running; the customer's text
   * reaches neither the worker's log, nor the task's status, nor the reason.
   */
  @Test
  void aRowTheDatabaseRefusesIsDeadLetteredWithoutItsValuesInLogsAndTheSinkKeepsWriting()
      throws Exception {
    String canary = "tf-pii-canary-5d1e";
    String topic = fx.topic(SinkTable.FEEDBACK);
    fx.sendAll(SinkTable.FEEDBACK, List.of(OutputSamples.feedback("refused", 0)),
        v -> ((Feedback) v).getConversationId());
    await().atMost(TIMEOUT).until(() -> fx.rowsWithPrefix(SinkTable.FEEDBACK, "refused") == 1);
    fx.execute("ALTER TABLE feedback ADD CONSTRAINT no_canary CHECK (comment IS NULL OR comment NOT LIKE '%canary%')");
    String name = fx.connector(SinkTable.FEEDBACK).name();
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger)
        org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    List<ConsumerRecord<byte[], byte[]>> dead;
    try {
      Feedback refused = Feedback.newBuilder(OutputSamples.feedback("refused", 1))
          .setComment("my card is " + canary).build();
      // In one send, so that the refused row and its neighbours usually share a batch.
      fx.sendAll(SinkTable.FEEDBACK, List.of(refused, OutputSamples.feedback("refused", 2),
          OutputSamples.feedback("refused", 3)), v -> ((Feedback) v).getConversationId());

      await().atMost(TIMEOUT).until(() -> fx.rowsWithPrefix(SinkTable.FEEDBACK, "refused") == 3);
      dead = deadLetters(topic, 1);
      List<ILoggingEvent> events;
      synchronized (logged) { // appending holds the appender's lock; Connect's threads still log
        events = new ArrayList<>(logged.list);
      }
      List<String> lines = events.stream().map(e -> e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
      assertThat(String.join("\n", lines)).as("the worker's log").contains("no_canary").doesNotContain(canary);
    } finally {
      root.detachAppender(logged);
      fx.execute("ALTER TABLE feedback DROP CONSTRAINT no_canary");
    }
    assertThat(fx.count("SELECT count(*) FROM feedback WHERE feedbackId = 'refused-fb-1'")).isZero();
    assertThat(deadLettersNow(topic)).as("one dead letter for the refused record, no more").hasSize(1);
    io.ticketflow.schema.serde.AvroDeserializer<Object> deserializer = new io.ticketflow.schema.serde.AvroDeserializer<>();
    deserializer.configure(fx.stack.serdeConfig(), false);
    GenericRecord deadValue = (GenericRecord) deserializer.deserialize(topic, dead.get(0).value());
    assertThat(deadValue.get("feedbackId").toString()).as("the refused record as it was written")
        .isEqualTo("refused-fb-1");
    assertThat(header(dead.get(0), "__connect.errors.stage")).isEqualTo("TASK_PUT");
    assertThat(header(dead.get(0), "__connect.errors.exception.message"))
        .contains("the database refused the record", "SQLSTATE 23514", "no_canary").doesNotContain(canary);
    assertThat(header(dead.get(0), "__connect.errors.exception.stacktrace")).doesNotContain(canary);
    assertThat(fx.sinks.connect().isRunning(name)).as("the feedback sink's task is still running").isTrue();

    fx.sendAll(SinkTable.FEEDBACK, List.of(OutputSamples.feedback("refused", 4)),
        v -> ((Feedback) v).getConversationId());
    await().atMost(TIMEOUT).until(() -> fx.rowsWithPrefix(SinkTable.FEEDBACK, "refused") == 4);
  }

  /**
   * The database drops every connection (a restart, a failover, an administrator): the sinks
   * reconnect and write what arrives afterwards by themselves, nothing is dead-lettered and no task
   * fails.
   */
  @Test
  void theSinksRideOutTheDatabaseDroppingTheirConnections() throws Exception {
    String topic = fx.topic(SinkTable.FEEDBACK);
    fx.sendAll(SinkTable.FEEDBACK, List.of(OutputSamples.feedback("dropped", 0)),
        v -> ((Feedback) v).getConversationId());
    await().atMost(TIMEOUT).until(() -> fx.rowsWithPrefix(SinkTable.FEEDBACK, "dropped") == 1);
    int deadBefore = deadLettersNow(topic).size();
    long dropped = fx.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
    assertThat(dropped).as("the sinks' connections that were dropped").isPositive();

    fx.sendAll(SinkTable.FEEDBACK, IntStream.range(1, 4).mapToObj(i -> (GenericContainer) OutputSamples.feedback("dropped", i))
        .toList(), v -> ((Feedback) v).getConversationId());
    await().atMost(TIMEOUT).until(() -> fx.rowsWithPrefix(SinkTable.FEEDBACK, "dropped") == 4);
    assertThat(fx.sinks.connect().isRunning(fx.connector(SinkTable.FEEDBACK).name())).isTrue();
    assertThat(deadLettersNow(topic)).as("dead letters of the feedback topic").hasSize(deadBefore);
  }

  /** Connect's dead letters from {@code topic}, once there are at least {@code count}. */
  private List<ConsumerRecord<byte[], byte[]>> deadLetters(String topic, int count) {
    List<List<ConsumerRecord<byte[], byte[]>>> read = new ArrayList<>();
    await().atMost(TIMEOUT).until(() -> {
      read.add(0, deadLettersNow(topic));
      return read.get(0).size() >= count;
    });
    return read.get(0);
  }

  /** Connect's dead letters from {@code topic} written so far. */
  private List<ConsumerRecord<byte[], byte[]>> deadLettersNow(String topic) throws Exception {
    Map<String, Object> config = new HashMap<>(fx.stack.kafka().clientConfig());
    List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
    TopicPartition dlq = new TopicPartition(fx.prefix + "connect-dlq", 0);
    long end = fx.end(dlq.topic()).offset();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config,
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(dlq));
      consumer.seekToBeginning(List.of(dlq));
      while (consumer.position(dlq) < end) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (topic.equals(header(record, "__connect.errors.topic"))) {
            dead.add(record);
          }
        }
      }
    }
    return dead;
  }

  @Test
  void fieldsAddedToReplyBecomeColumnsAndOldRowsStayIntact() throws Exception {
    List<GenericContainer> v1 = IntStream.range(0, 10)
        .mapToObj(i -> (GenericContainer) OutputSamples.reply("evolve-v1", i)).toList();
    fx.sendAll(SinkTable.REPLIES, v1, v -> ((Reply) v).getConversationId());
    await().atMost(TIMEOUT).until(() -> fx.rowsWithPrefix(SinkTable.REPLIES, "evolve-v1") == 10);

    Schema v2 = replyV2();
    List<GenericContainer> newer = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      GenericRecord record = asV2(OutputSamples.reply("evolve-v2", i), v2);
      record.put("sentiment", "positive");
      newer.add(record);
    }
    fx.sendAll(SinkTable.REPLIES, newer, v -> ((GenericRecord) v).get("conversationId").toString());

    await().atMost(TIMEOUT).until(() -> fx.count("SELECT count(*) FROM replies"
        + " WHERE inquiryId LIKE 'evolve-v2-%' AND sentiment = 'positive'") == 10);
    assertThat(fx.columnTypes("replies")).containsEntry("sentiment", "text").containsEntry("tier", "text");
    assertThat(fx.count("SELECT count(*) FROM replies WHERE inquiryId LIKE 'evolve-%' AND tier = 'standard'"))
        .as("the required field's default fills the new column, old rows included").isEqualTo(20);
    Reply old = OutputSamples.reply("evolve-v1", 3);
    try (Connection c = fx.database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT text, sentiment, confidence FROM replies WHERE inquiryId = '"
            + old.getInquiryId() + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(old.getText());
      assertThat(rs.getString(2)).isNull();
      assertThat(rs.getDouble(3)).isEqualTo(old.getConfidence());
    }
    assertThat(fx.rowsWithPrefix(SinkTable.REPLIES, "evolve-v1")).isEqualTo(10);
  }

  /**
   * Reply as a later version might be: an optional field defaulting to null, and a required one
   * with a default (a NOT NULL column, which a table with rows can only get with its default).
   */
  static Schema replyV2() {
    String json = Reply.getClassSchema().toString();
    String extra = ",{\"name\":\"sentiment\",\"type\":[\"null\",\"string\"],\"default\":null}"
        + ",{\"name\":\"tier\",\"type\":\"string\",\"default\":\"standard\"}]}";
    return new Schema.Parser().parse(json.substring(0, json.length() - 2) + extra);
  }

  /** {@code reply} read with the v2 schema (Avro schema resolution fills the new field). */
  static GenericRecord asV2(Reply reply, Schema v2) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<Reply>(Reply.getClassSchema()).write(reply, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(Reply.getClassSchema(), v2, GenericData.get())
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
  }
}
