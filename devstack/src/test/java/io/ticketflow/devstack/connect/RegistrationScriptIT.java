package io.ticketflow.devstack.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.connect.AvroConverter;
import io.ticketflow.connect.sink.SinkConnector;
import io.ticketflow.connect.sink.SinkConnectorConfigs;
import io.ticketflow.connect.sink.SinkSettings;
import io.ticketflow.connect.sink.SinkTable;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.db.Database;
import io.ticketflow.devstack.db.Databases;
import io.ticketflow.devstack.db.ScratchDatabase;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.serde.AvroSerializer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docker-compose's one-shot registration script, run for real against the embedded worker's REST
 * API (only the converter differs from compose): every template is filled, posted and runs, twice
 * in a row (the script replaces existing connectors), and a reply reaches its table. The values
 * carry the characters sed and JSON would trip over, and the password is the script's default
 * reference, never a value.
 */
@ExtendWith(EmbeddedStackExtension.class)
class RegistrationScriptIT {
  static final Path SCRIPT = Path.of("..", "connectors", "docker", "register-connectors.sh");
  static final Path TEMPLATES = Path.of("..", "connectors", "src", "main", "resources", "connectors");

  @Test
  void theComposeRegistrationScriptCreatesEverySinkThroughTheRestApi(EmbeddedStack stack) throws Exception {
    assumeTrue(onPath("curl") && onPath("sed"), "skipped: the script needs curl and sed on PATH");
    String prefix = "regscript-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    for (SinkTable table : SinkTable.values()) {
      stack.kafka().createTopic(prefix + table.topicSuffix(), 1);
    }
    stack.kafka().createTopic(prefix + "connect-dlq", 1);
    try (Database server = Databases.serverForTests();
        ScratchDatabase database = ScratchDatabase.create(server, "regscript");
        EmbeddedConnect connect = EmbeddedConnect.start(stack.bootstrapServers())) {
      // '&' and '|' are sed's, '"' and '\\' JSON's; the driver ignores an unknown application name.
      String url = database.jdbcUrl() + "?ApplicationName=reg|script\"x\\y&connectTimeout=10";
      SinkSettings settings = SinkSettings.embedded(url, database.user(), SinkSettings.ENV_PASSWORD_REFERENCE,
          stack.schemaRegistryUrl()).withTopicPrefix(prefix).withConnectorPrefix(prefix);

      for (int run = 0; run < 2; run++) {
        Process script = runScript(connect, settings);
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(script.exitValue()).as(output).isZero();
        assertThat(output).contains("created " + prefix + "sink-replies");
      }
      assertThat(connect.connectors()).containsExactlyInAnyOrderElementsOf(
          SinkConnectorConfigs.all(settings).stream().map(c -> c.name()).toList());
      await().atMost(Duration.ofSeconds(60)).until(() -> SinkConnectorConfigs.all(settings).stream()
          .allMatch(c -> connect.isRunning(c.name())));
      for (SinkConnector expected : SinkConnectorConfigs.all(settings)) {
        assertThat(restConfig(connect, expected.name()))
            .containsEntry("connection.url", url + "&logServerErrorDetail=false")
            .containsEntry("connection.url", expected.config().get("connection.url"))
            .containsEntry("connection.password", SinkSettings.ENV_PASSWORD_REFERENCE);
      }

      Reply reply = OutputSamples.reply("script", 1);
      AvroSerializer<Reply> serializer = new AvroSerializer<>();
      serializer.configure(stack.serdeConfig(), false);
      try (KafkaProducer<String, Reply> producer = new KafkaProducer<>(
          Map.copyOf(stack.kafka().clientConfig()), new StringSerializer(), serializer)) {
        producer.send(new ProducerRecord<>(prefix + "replies", reply.getConversationId(), reply)).get();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> replyRows(database) == 1);
    }
  }

  private static Process runScript(EmbeddedConnect connect, SinkSettings settings) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.putAll(settings.placeholders());
    env.remove("JDBC_PASSWORD_REFERENCE"); // the script's default
    env.put("AVRO_CONVERTER", AvroConverter.class.getName());
    env.put("CONNECT_URL", connect.restUrl().toString().replaceAll("/$", ""));
    env.put("TEMPLATES", TEMPLATES.toString());
    return builder.start();
  }

  /** The connector's configuration as the worker's REST API returns it. */
  static Map<String, String> restConfig(EmbeddedConnect connect, String name) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        connect.restUrl().resolve("/connectors/" + name + "/config")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readValue(response.body(), new TypeReference<Map<String, String>>() {});
  }

  private static long replyRows(Database database) {
    try (Connection c = database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM replies")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return 0; // table not created yet
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Path.of(dir, command).toFile().canExecute()) {
        return true;
      }
    }
    return false;
  }
}
