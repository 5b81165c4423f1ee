package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.schema.registry.MockSchemaRegistry;
import io.ticketflow.schema.topic.Topics;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

  /** A broker that stops answering after the start-up check: the wait ends, and says so. */
  @Test
  void aBrokerThatDoesNotAnswerInTimeIsSaidSoNotNull() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Topics topics = new Topics("provision.", MockSchemaRegistry.forScope("provision"),
        Map.of("schema.registry.url", "mock://provision"));
    Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port));
    try {
      assertThatThrownBy(() -> TopicProvisioner.ensure(admin, topics, 1, (short) 1, true, Duration.ofSeconds(1)))
          .isInstanceOf(StartupException.class)
          .hasMessage("cannot list or create topics: Kafka did not answer within 1 s");
      assertThatThrownBy(() -> TopicProvisioner.ensureFaqTopic(admin, topics, 1, (short) 1, true,
          Duration.ofSeconds(1)))
          .isInstanceOf(StartupException.class)
          .hasMessage("cannot list or create topic provision.faq: Kafka did not answer within 1 s");
    } finally {
      admin.close(Duration.ZERO); // its calls would wait out default.api.timeout.ms
    }
  }

  /**
   * The processor and faq import give the admin client the same deadline as the wait: whichever ends
   * first, it is the same "did not answer" (as for the start-up check), not Kafka's own TimeoutException text.
   */
  @Test
  void theAdminCallsOwnDeadlineIsADidNotAnswerToo() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Topics topics = new Topics("provision.", MockSchemaRegistry.forScope("provision"),
        Map.of("schema.registry.url", "mock://provision"));
    Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 500, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 500));
    try {
      assertThatThrownBy(() -> TopicProvisioner.ensure(admin, topics, 1, (short) 1, true, Duration.ofSeconds(30)))
          .isInstanceOf(StartupException.class)
          .hasMessage("cannot list or create topics: Kafka did not answer within 30 s");
      assertThatThrownBy(() -> TopicProvisioner.ensureFaqTopic(admin, topics, 1, (short) 1, true,
          Duration.ofSeconds(30)))
          .isInstanceOf(StartupException.class)
          .hasMessage("cannot list or create topic provision.faq: Kafka did not answer within 30 s");
    } finally {
      admin.close(Duration.ZERO);
    }
  }
}
