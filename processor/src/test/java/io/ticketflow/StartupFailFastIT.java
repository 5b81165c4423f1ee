package io.ticketflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.devstack.kafka.EmbeddedKafka;
import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.ops.StartupException;
import io.ticketflow.topology.Stages;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The processor refuses to start, with a message naming the setting, when a dependency is down. */
@ExtendWith(EmbeddedStackExtension.class)
class StartupFailFastIT {

  private static TicketflowConfig config(String bootstrap, String registry) {
    return new TicketflowConfig(Map.of(TicketflowConfig.BOOTSTRAP_SERVERS, bootstrap,
        TicketflowConfig.SCHEMA_REGISTRY_URL, registry, TicketflowConfig.APPLICATION_ID, "failfast"));
  }

  @Test
  void unreachableRegistryFailsFast(EmbeddedStack stack) {
    TicketflowConfig c = config(stack.bootstrapServers(), "http://127.0.0.1:" + EmbeddedKafka.freePort());
    assertThatThrownBy(() -> TicketflowProcessor.run(c, new ExactFaqMatcher()))
        .isInstanceOf(StartupException.class).hasMessageContaining("schema.registry.url");
  }

  @Test
  void unreachableBrokerFailsFast(EmbeddedStack stack) {
    TicketflowConfig c = config("127.0.0.1:" + EmbeddedKafka.freePort(), stack.schemaRegistryUrl());
    Stages stages = Stages.of(c, new ExactFaqMatcher(), new SimpleMeterRegistry());
    assertThatThrownBy(() -> TicketflowProcessor.run(c, stages, Duration.ofSeconds(3)))
        .isInstanceOf(StartupException.class).hasMessageContaining("bootstrap.servers");
  }

  /** A second `run` of the same application on a host: a start-up error that says what to change. */
  @Test
  void aSecondProcessorOnTheSameStateDirectoryIsAStartupError(EmbeddedStack stack) {
    ProcessorITSupport it = new ProcessorITSupport(stack, Map.of(TicketflowConfig.MATCH_WARM_UP, "0"));
    try (TicketflowProcessor first = TicketflowProcessor.run(it.config, it.stages)) {
      assertThat(first.stopRequested()).isFalse();
      assertThatThrownBy(() -> TicketflowProcessor.run(it.config, it.stages))
          .isInstanceOf(StartupException.class)
          .hasMessageStartingWith("Kafka Streams cannot start: Unable to initialize state")
          .hasMessageEndingWith("; each processor on a host needs a kafka.state.dir of its own");
    }
  }

  /** With the delete policy the broker would drop FAQ entries after retention.ms: refused, with the fix. */
  @Test
  void anFaqTopicWithoutCompactionIsRefused(EmbeddedStack stack) throws Exception {
    String prefix = "failfast-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".";
    java.util.Properties admin = new java.util.Properties();
    admin.putAll(stack.kafka().clientConfig());
    try (org.apache.kafka.clients.admin.Admin a = org.apache.kafka.clients.admin.Admin.create(admin)) {
      a.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(prefix + "faq", 1, (short) 1)))
          .all().get();
    }
    TicketflowConfig c = new TicketflowConfig(Map.of(TicketflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers(),
        TicketflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl(), TicketflowConfig.APPLICATION_ID, "failfast",
        TicketflowConfig.TOPIC_PREFIX, prefix));
    Stages stages = Stages.of(c, new ExactFaqMatcher(), new SimpleMeterRegistry());
    assertThatThrownBy(() -> TicketflowProcessor.run(c, stages, Duration.ofSeconds(20)))
        .isInstanceOf(StartupException.class).hasMessageContaining("topic " + prefix + "faq has cleanup.policy=delete");
  }

  /**
   * A busy ops port (run's check before the FAQ load) stops the start after the dependency checks
   * and before the FAQ store is loaded: it was found only after the load and the matcher's warm-up.
   */
  @Test
  void aBusyOpsPortStopsTheStartBeforeTheFaqLoad(EmbeddedStack stack) throws Exception {
    String prefix = "failfast-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".";
    TicketflowConfig c = new TicketflowConfig(Map.of(TicketflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers(),
        TicketflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl(), TicketflowConfig.APPLICATION_ID,
        "failfast-ops", TicketflowConfig.TOPIC_PREFIX, prefix));
    Stages stages = Stages.of(c, new ExactFaqMatcher(), new SimpleMeterRegistry());
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> TicketflowProcessor.run(c, stages,
              () -> io.ticketflow.ops.OpsServer.checkCanListen("127.0.0.1", taken.getLocalPort())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the ops server cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use");
    }
    java.util.Properties admin = new java.util.Properties();
    admin.putAll(stack.kafka().clientConfig());
    try (org.apache.kafka.clients.admin.Admin a = org.apache.kafka.clients.admin.Admin.create(admin)) {
      assertThat(a.listTopics().names().get()).as("the checks before it ran: topics provisioned")
          .contains(prefix + "inquiries", prefix + "faq");
    }
    // A free port is free again once checked: the ops server itself can then take it.
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    io.ticketflow.ops.OpsServer.checkCanListen("127.0.0.1", port);
    try (io.ticketflow.ops.OpsServer ops = io.ticketflow.ops.OpsServer.start("127.0.0.1", port,
        new io.ticketflow.ops.OpsServer.Parts(new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT), () -> org.apache.kafka.streams.KafkaStreams.State.RUNNING,
            java.util.List.of(), null, null, java.util.List.of(), null))) {
      assertThat(ops.port()).isEqualTo(port);
    }
  }
}
