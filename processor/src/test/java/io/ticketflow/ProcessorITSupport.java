package io.ticketflow;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.ops.TopicProvisioner;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.topology.Stages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;

/** A processor configuration of its own (topics, application id, state) on the shared stack. */
final class ProcessorITSupport {
  final String id = "it" + UUID.randomUUID().toString().substring(0, 8);
  final TicketflowConfig config;
  final Stages stages;
  final Topics topics;

  ProcessorITSupport(EmbeddedStack stack, Map<String, String> extra) {
    Map<String, String> props = new HashMap<>();
    props.put(TicketflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    props.put(TicketflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    props.put(TicketflowConfig.APPLICATION_ID, id);
    props.put(TicketflowConfig.TOPIC_PREFIX, id + ".");
    props.put(TicketflowConfig.TOPIC_PARTITIONS, "4");
    try {
      props.put("kafka.state.dir", Files.createTempDirectory("tf-state").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    props.putAll(extra);
    config = new TicketflowConfig(props);
    stages = Stages.of(config, new ExactFaqMatcher(), new SimpleMeterRegistry());
    topics = new Topics(config.topicPrefix(), stages.registry(), config.serdeConfig());
  }

  /** Creates the missing topics as the processor would, so tests can publish before it starts. */
  void createTopics(Admin admin) {
    TopicProvisioner.ensure(admin, topics, config.topicPartitions(), config.topicReplicationFactor(), true,
        Duration.ofSeconds(30));
  }
}
