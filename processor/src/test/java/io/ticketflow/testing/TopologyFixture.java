package io.ticketflow.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.config.StreamsProperties;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.FaqStats;
import io.ticketflow.schema.Feedback;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.registry.MockSchemaRegistry;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.topology.Stages;
import io.ticketflow.topology.TicketflowTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The real topology from {@link TicketflowTopology#build} in a {@link TopologyTestDriver}, with a
 * {@code mock://} registry scope of its own and typed input/output topics.
 */
public final class TopologyFixture implements AutoCloseable {
  public final String scope = "topo-" + UUID.randomUUID();
  public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  public final TicketflowConfig config;
  public final Stages stages;
  public final Topics topics;
  public final Topology topology;
  public final TopologyTestDriver driver;
  public final TestInputTopic<String, Inquiry> inquiries;
  public final TestInputTopic<String, byte[]> rawInquiries;
  public final TestInputTopic<String, FaqEntry> faq;
  public final TestInputTopic<String, Feedback> feedback;
  public final TestInputTopic<String, byte[]> rawFeedback;
  public final TestOutputTopic<String, Reply> replies;
  public final TestOutputTopic<String, Escalation> escalations;
  public final TestOutputTopic<String, AuditRecord> audit;
  public final TestOutputTopic<String, DeadLetter> dlq;
  public final TestOutputTopic<String, FaqStats> faqStats;

  public TopologyFixture() {
    this(Map.of(), new ExactFaqMatcher(), UnaryOperator.identity());
  }

  public TopologyFixture(Map<String, String> overrides, FaqMatcher matcher, UnaryOperator<Stages> customize) {
    Map<String, String> props = new HashMap<>();
    props.put(TicketflowConfig.BOOTSTRAP_SERVERS, "dummy:9092");
    props.put(TicketflowConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    props.putAll(overrides);
    config = new TicketflowConfig(props);
    stages = customize.apply(Stages.of(config, matcher, meters));
    topics = new Topics(config.topicPrefix(), stages.registry(), config.serdeConfig());
    topology = TicketflowTopology.build(config, stages);
    Properties streams = StreamsProperties.of(config, stages.metrics());
    try {
      streams.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    driver = new TopologyTestDriver(topology, streams);
    StringSerializer keys = new StringSerializer();
    inquiries = driver.createInputTopic(topics.inquiries().name(), keys, topics.inquiries().valueSerde().serializer());
    rawInquiries = driver.createInputTopic(topics.inquiries().name(), keys, new ByteArraySerializer());
    faq = driver.createInputTopic(topics.faq().name(), keys, topics.faq().valueSerde().serializer());
    feedback = driver.createInputTopic(topics.feedback().name(), keys, topics.feedback().valueSerde().serializer());
    rawFeedback = driver.createInputTopic(topics.feedback().name(), keys, new ByteArraySerializer());
    replies = output(topics.replies());
    escalations = output(topics.escalations());
    audit = output(topics.audit());
    dlq = output(topics.dlq());
    faqStats = output(topics.faqStats());
  }

  private <V> TestOutputTopic<String, V> output(io.ticketflow.schema.topic.Topic<String, V> topic) {
    return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  public void send(Inquiry inquiry) {
    inquiries.pipeInput(inquiry.getConversationId(), inquiry);
  }

  public void publish(FaqEntry entry) {
    faq.pipeInput(Topics.faqKey(entry.getTenantId(), entry.getId()), entry);
  }

  public void deleteFaq(String tenantId, String faqId) {
    faq.pipeInput(Topics.faqKey(tenantId, faqId), null);
  }

  /** Serialized bytes of an inquiry as a producer would write them (to corrupt in tests). */
  public byte[] bytes(Inquiry inquiry) {
    return topics.inquiries().valueSerde().serializer().serialize(topics.inquiries().name(), inquiry);
  }

  public double counter(String name, String tag, String value) {
    var c = meters.find(name).tag(tag, value).counter();
    return c == null ? 0 : c.count();
  }

  @Override
  public void close() {
    driver.close();
    MockSchemaRegistry.dropScope(scope);
  }

  public static Path tempDir() throws java.io.IOException {
    return Files.createTempDirectory("tf");
  }
}
