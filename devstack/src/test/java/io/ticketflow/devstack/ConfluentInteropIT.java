package io.ticketflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.schema.Channel;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.ReplySource;
import io.ticketflow.schema.serde.AvroDeserializer;
import io.ticketflow.schema.serde.AvroSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wire compatibility with Confluent's own code: Confluent's official JavaScript Schema Registry
 * client and Avro serde ({@code @confluentinc/schemaregistry}, with kafkajs) produce an Inquiry
 * that our Java deserializer reads, and read a Reply that our Java serializer wrote, field for
 * field, through the real broker and our registry. The Node project lives in {@code src/test/js};
 * Maven runs {@code npm ci} there before the integration tests.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ConfluentInteropIT {
  private static final Path JS = Path.of("src/test/js").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void confluentJavaScriptClientWritesAnInquiryWeRead(EmbeddedStack stack, @TempDir Path tmp) throws Exception {
    String topic = "interop-inquiries-" + UUID.randomUUID();
    stack.kafka().createTopic(topic, 1);
    Path schemaFile = tmp.resolve("Inquiry.avsc");
    Files.writeString(schemaFile, Inquiry.getClassSchema().toString());

    JsonNode produced = node(stack, "produce-inquiry", topic, schemaFile.toString());
    Inquiry inquiry = readOne(stack, topic);

    assertThat(produced.path("schemaId").asInt())
        .isEqualTo(stack.registry().registry().idOf(topic + "-value", Inquiry.getClassSchema()));
    assertThat(inquiry).isEqualTo(Inquiry.newBuilder()
        .setInquiryId("js-inq-1")
        .setConversationId("js-conv-1")
        .setTenantId("acme")
        .setChannel(Channel.IM)
        .setCustomerId("cust-js")
        .setLanguage("zh-CN")
        .setText("請問怎麼退款？ How do refunds work?")
        .setReceivedAt(Instant.ofEpochMilli(1764151530123L))
        .setMetadata(Map.of("source", "kafkajs", "ticket-no", "12345"))
        .build());
  }

  @Test
  void confluentJavaScriptClientReadsAReplyWeWrote(EmbeddedStack stack) throws Exception {
    String topic = "interop-replies-" + UUID.randomUUID();
    stack.kafka().createTopic(topic, 1);
    Reply reply = Reply.newBuilder()
        .setInquiryId("inq-42").setConversationId("conv-7").setTenantId("acme")
        .setChannel(Channel.WEB_CHAT).setCustomerId("cust-1")
        .setText("您可以在订单页面申请退款。").setLanguage("zh").setSource(ReplySource.FAQ)
        .setFaqId("refund-policy").setCitedFaqIds(List.of("refund-policy", "returns"))
        .setConfidence(0.93).setCreatedAt(Instant.parse("2026-11-26T10:15:30.123Z"))
        .build();
    Map<String, Object> config = new HashMap<>(stack.serdeConfig());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    try (var producer = new KafkaProducer<>(config, new StringSerializer(),
        new AvroSerializer<Reply>(stack.registryClient(), stack.serdeConfig(), false))) {
      producer.send(new ProducerRecord<>(topic, reply.getConversationId(), reply)).get(30, TimeUnit.SECONDS);
    }

    JsonNode read = node(stack, "consume-reply", topic);

    assertThat(read.path("key").asText()).isEqualTo("conv-7");
    JsonNode value = read.path("value");
    assertThat(value.path("inquiryId").asText()).isEqualTo("inq-42");
    assertThat(value.path("conversationId").asText()).isEqualTo("conv-7");
    assertThat(value.path("tenantId").asText()).isEqualTo("acme");
    assertThat(value.path("channel").asText()).isEqualTo("WEB_CHAT");
    assertThat(unwrap(value.path("customerId")).asText()).isEqualTo("cust-1");
    assertThat(value.path("text").asText()).isEqualTo("您可以在订单页面申请退款。");
    assertThat(value.path("language").asText()).isEqualTo("zh");
    assertThat(value.path("source").asText()).isEqualTo("FAQ");
    assertThat(unwrap(value.path("faqId")).asText()).isEqualTo("refund-policy");
    assertThat(value.path("citedFaqIds").toString()).isEqualTo("[\"refund-policy\",\"returns\"]");
    assertThat(value.path("confidence").asDouble()).isEqualTo(0.93);
    assertThat(value.path("createdAt").asLong()).isEqualTo(Instant.parse("2026-11-26T10:15:30.123Z").toEpochMilli());
  }

  /** Confluent's JS serde may give a union either as the value or as {type: value}. */
  private static JsonNode unwrap(JsonNode union) {
    return union.isObject() && union.size() == 1 ? union.elements().next() : union;
  }

  private static Inquiry readOne(EmbeddedStack stack, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "interop-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<Inquiry> received = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new AvroDeserializer<>(stack.registryClient(), stack.serdeConfig(), Inquiry.class))) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<String, Inquiry> record : consumer.poll(Duration.ofMillis(200))) {
          received.add(record.value());
        }
        return !received.isEmpty();
      });
    }
    assertThat(received).hasSize(1);
    return received.get(0);
  }

  private static JsonNode node(EmbeddedStack stack, String command, String... args)
      throws IOException, InterruptedException {
    assertThat(JS.resolve("node_modules/@confluentinc/schemaregistry"))
        .as("run 'npm ci' in %s (Maven does it in the pre-integration-test phase)", JS)
        .exists();
    List<String> cmd = new ArrayList<>(List.of("node", "interop.js", command,
        stack.bootstrapServers(), stack.schemaRegistryUrl()));
    cmd.addAll(List.of(args));
    Path err = Files.createTempFile("interop", ".err");
    Process process = new ProcessBuilder(cmd).directory(JS.toFile())
        .redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean finished = process.waitFor(90, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String stderr = Files.readString(err);
    assertThat(finished).as("node %s finished; stderr: %s", command, stderr).isTrue();
    assertThat(process.exitValue()).as("node %s exit code; stderr: %s", command, stderr).isZero();
    String lastLine = out.strip().lines().reduce((a, b) -> b).orElse("");
    return JSON.readTree(lastLine);
  }
}
