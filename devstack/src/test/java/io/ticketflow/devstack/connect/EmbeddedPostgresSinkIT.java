package io.ticketflow.devstack.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ticketflow.connect.sink.DeadLetteringJdbcSinkTask;
import io.ticketflow.connect.sink.SinkConnector;
import io.ticketflow.connect.sink.SinkTable;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.db.EmbeddedPostgresDatabase;
import io.ticketflow.devstack.db.ExternalDatabase;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.serde.AvroSerializer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo's path on a machine without PostgreSQL: no URL given, so the sinks write into an
 * embedded server started from the Maven jar's binaries, which closing the sinks stops.
 */
@ExtendWith(EmbeddedStackExtension.class)
class EmbeddedPostgresSinkIT {

  @Test
  void withoutAJdbcUrlTheSinksWriteIntoAnEmbeddedPostgres(EmbeddedStack stack) throws Exception {
    String prefix = "embeddedpg-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    for (SinkTable table : SinkTable.values()) {
      stack.kafka().createTopic(prefix + table.topicSuffix(), 1);
    }
    EmbeddedSinks sinks = EmbeddedSinks.start(stack, null, null, null,
        s -> s.withTopicPrefix(prefix).withConnectorPrefix(prefix));
    try (sinks;
        KafkaProducer<String, GenericContainer> producer = producer(stack)) {
      assertThat(sinks.database()).isInstanceOf(EmbeddedPostgresDatabase.class);
      assertThat(sinks.database().jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").endsWith("/postgres");
      for (int i = 0; i < 50; i++) {
        Reply reply = OutputSamples.reply("epg", i);
        AuditRecord audit = OutputSamples.audit("epg", i);
        producer.send(new ProducerRecord<>(prefix + "replies", reply.getConversationId(), reply));
        producer.send(new ProducerRecord<>(prefix + "audit", audit.getInquiryId(), audit));
      }
      producer.flush();

      await().atMost(Duration.ofSeconds(60)).until(() ->
          count(sinks, "SELECT count(*) FROM replies") == 50 && count(sinks, "SELECT count(*) FROM audit") == 50);
      assertThat(count(sinks, "SELECT count(*) FROM audit WHERE route = 'LLM'")).isEqualTo(10);
    }
  }

  /**
   * The database goes down while records arrive and comes back on the same address: the sinks
   * keep their tasks running, retry, and write what arrived meanwhile, without an operator.
   */
  @Test
  void theSinksWaitOutADatabaseThatIsDownAndWriteWhenItIsBack(EmbeddedStack stack) throws Exception {
    String prefix = "pgdown-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    for (SinkTable table : SinkTable.values()) {
      stack.kafka().createTopic(prefix + table.topicSuffix(), 1);
    }
    stack.kafka().createTopic(prefix + "connect-dlq", 1);
    EmbeddedPostgresDatabase first = EmbeddedPostgresDatabase.start();
    ch.qos.logback.classic.Logger taskLog = (ch.qos.logback.classic.Logger)
        org.slf4j.LoggerFactory.getLogger(DeadLetteringJdbcSinkTask.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    taskLog.addAppender(logged);
    try (first;
        EmbeddedSinks sinks = EmbeddedSinks.start(stack, first, false,
            s -> s.withTopicPrefix(prefix).withConnectorPrefix(prefix));
        KafkaProducer<String, GenericContainer> producer = producer(stack)) {
      String replies = sinks.connectors().stream().filter(c -> c.table() == SinkTable.REPLIES)
          .findFirst().orElseThrow().name();
      sendReplies(producer, prefix, 0, 5);
      await().atMost(Duration.ofSeconds(60)).until(() -> count(first, "SELECT count(*) FROM replies") == 5);

      first.close();
      sendReplies(producer, prefix, 5, 10);
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        synchronized (logged) { // appending holds the appender's lock
          return logged.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("The database failed"));
        }
      });
      assertThat(sinks.connect().isRunning(replies)).as("the replies sink's task runs on").isTrue();

      try (EmbeddedPostgresDatabase second = EmbeddedPostgresDatabase.start(first.port())) {
        await().atMost(Duration.ofSeconds(90)).until(() -> count(second, "SELECT count(*) FROM replies") == 5);
        assertThat(count(second, "SELECT count(*) FROM replies WHERE inquiryId = '"
            + OutputSamples.reply("down", 7).getInquiryId() + "'"))
            .as("a row of what arrived while the database was down").isEqualTo(1);
        assertThat(sinks.connect().isRunning(replies)).isTrue();
      }
    } finally {
      taskLog.detachAppender(logged);
    }
  }

  private static void sendReplies(KafkaProducer<String, GenericContainer> producer, String prefix, int from, int to) {
    for (int i = from; i < to; i++) {
      Reply reply = OutputSamples.reply("down", i);
      producer.send(new ProducerRecord<>(prefix + "replies", reply.getConversationId(), reply));
    }
    producer.flush();
  }

  private static long count(io.ticketflow.devstack.db.Database database, String sql) {
    try (Connection c = database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1; // table not there yet, or no server
    }
  }

  @Test
  void theWorkerReadsThePasswordFromAnOwnerOnlyFileAndNoConnectorConfigHoldsIt(EmbeddedStack stack)
      throws Exception {
    String prefix = "pwsink-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    stack.kafka().createTopic(prefix + "replies", 1);
    String password = "pw-" + UUID.randomUUID() + " &|\"\\ 密码";
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setDataDirectoryCustomizer(EmbeddedPostgresSinkIT::passwordForTfSink)
        .start()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE ROLE tf_sink LOGIN PASSWORD '" + password.replace("'", "''") + "'");
        s.execute("CREATE DATABASE tf_sink OWNER tf_sink");
      }
      ExternalDatabase database = new ExternalDatabase(
          "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/tf_sink", "tf_sink", password);
      assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), "tf_sink", "wrong").close())
          .as("the server checks the password").isInstanceOf(SQLException.class);

      Path secrets;
      try (EmbeddedSinks sinks = EmbeddedSinks.start(stack, database, false,
              s -> s.withTopicPrefix(prefix).withConnectorPrefix(prefix));
          KafkaProducer<String, GenericContainer> producer = producer(stack)) {
        for (int i = 0; i < 5; i++) {
          Reply reply = OutputSamples.reply("pw", i);
          producer.send(new ProducerRecord<>(prefix + "replies", reply.getConversationId(), reply));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> count(sinks, "SELECT count(*) FROM replies") == 5);

        String reference = null;
        for (SinkConnector connector : sinks.connectors()) {
          Map<String, String> config = RegistrationScriptIT.restConfig(sinks.connect(), connector.name());
          assertThat(config.values()).as(connector.name()).noneMatch(v -> v.contains(password));
          reference = config.get("connection.password");
        }
        Matcher dir = Pattern.compile("\\$\\{dir:(.+):jdbc-password}").matcher(reference);
        assertThat(dir.matches()).as(reference).isTrue();
        secrets = Path.of(dir.group(1));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.resolve("jdbc-password"))))
            .isEqualTo("rw-------");
      }
      assertThat(secrets).as("deleted with the sinks").doesNotExist();
    }
  }

  /** Before the server's first start: {@code tf_sink} must give its password; everyone else is trusted. */
  private static void passwordForTfSink(File dataDirectory) {
    try {
      Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), """
          local all all trust
          host all tf_sink 127.0.0.1/32 scram-sha-256
          host all tf_sink ::1/128 scram-sha-256
          host all all 127.0.0.1/32 trust
          host all all ::1/128 trust
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KafkaProducer<String, GenericContainer> producer(EmbeddedStack stack) {
    AvroSerializer<GenericContainer> serializer = new AvroSerializer<>();
    serializer.configure(stack.serdeConfig(), false);
    return new KafkaProducer<>(Map.copyOf(stack.kafka().clientConfig()), new StringSerializer(), serializer);
  }

  private static long count(EmbeddedSinks sinks, String sql) {
    return count(sinks.database(), sql);
  }
}
