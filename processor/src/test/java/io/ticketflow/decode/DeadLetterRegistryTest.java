package io.ticketflow.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.serde.AvroSerdeConfig;
import io.ticketflow.schema.serde.AvroSerdeException;
import io.ticketflow.schema.serde.WireFormat;
import io.ticketflow.schema.topic.Topics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * Streams configures a {@link DeadLetterExceptionHandler} for every task it creates (after each
 * rebalance, and for a replaced stream thread's tasks), so the handler's registry client must be the
 * application's: the schema ids it has cached keep dead letters flowing while the registry is down.
 */
class DeadLetterRegistryTest {

  @Test
  void aHandlerForANewTaskWritesDeadLettersWithTheCachedIdsWhileTheRegistryIsDown() throws Exception {
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext("/subjects/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      byte[] body = ("{\"id\":" + (path.contains(Topics.DLQ) ? 21 : 22) + "}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    registry.start();
    Map<String, Object> configs = new HashMap<>();
    configs.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + registry.getAddress().getPort());
    configs.put(AvroSerdeConfig.HTTP_CONNECT_TIMEOUT_MS, 2_000);
    configs.put(AvroSerdeConfig.HTTP_READ_TIMEOUT_MS, 2_000);
    SchemaRegistryClient application = new AvroSerdeConfig(configs).createClient();
    configs.put(DeadLetterExceptionHandler.REGISTRY_CONFIG, application);
    DeadLetterExceptionHandler first = new DeadLetterExceptionHandler();
    first.configure(configs);
    first.handleError(context(), undecodable(1), badBytes());

    registry.stop(0);
    DeadLetterExceptionHandler forANewTask = new DeadLetterExceptionHandler();
    forANewTask.configure(configs);
    DeserializationExceptionHandler.Response response = forANewTask.handleError(context(), undecodable(2), badBytes());

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    List<ProducerRecord<byte[], byte[]>> records = response.deadLetterQueueRecords();
    assertThat(records).extracting(ProducerRecord::topic).containsExactly("helpdesk.dlq", "helpdesk.audit");
    assertThat(records).extracting(r -> WireFormat.schemaId(r.value())).containsExactly(21, 22);
  }

  private static ConsumerRecord<byte[], byte[]> undecodable(long offset) {
    return new ConsumerRecord<>("helpdesk.feedback", 0, offset, null, new byte[] {1, 2, 3});
  }

  private static AvroSerdeException badBytes() {
    return new AvroSerdeException(AvroSerdeException.Reason.UNKNOWN_MAGIC_BYTE, "first byte is 0x01, expected 0x00");
  }

  private static ErrorHandlerContext context() {
    return new ErrorHandlerContext() {
      @Override public String topic() { return "helpdesk.feedback"; }
      @Override public int partition() { return 0; }
      @Override public long offset() { return 7; }
      @Override public Headers headers() { return new RecordHeaders(); }
      @Override public String processorNodeId() { return "feedback-source"; }
      @Override public TaskId taskId() { return new TaskId(1, 0); }
      @Override public long timestamp() { return 42L; }
      @Override public byte[] sourceRawKey() { return null; }
      @Override public byte[] sourceRawValue() { return new byte[] {1, 2, 3}; }
    };
  }
}
