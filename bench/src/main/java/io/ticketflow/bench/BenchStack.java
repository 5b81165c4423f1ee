package io.ticketflow.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.ops.TopicProvisioner;
import io.ticketflow.schema.Channel;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.topology.Stages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One benchmark scenario's configuration, topics and traffic on the in-JVM stack: the
 * application id doubles as topic prefix, so scenarios in one run never share a topic.
 */
public final class BenchStack {
  public static final String TENANT = "bench";
  public static final int FAQS = 50;

  public final EmbeddedStack stack;
  public final TicketflowConfig config;
  public final Stages stages;
  public final Topics topics;
  public final Admin admin;
  public final KafkaProducer<String, byte[]> producer;

  public BenchStack(EmbeddedStack stack, String id, int partitions) {
    this(stack, id, partitions, Map.of());
  }

  /** @param extraProps further ticketflow settings (e.g. the LLM's), on top of the scenario's */
  public BenchStack(EmbeddedStack stack, String id, int partitions, Map<String, String> extraProps) {
    this.stack = stack;
    Map<String, String> props = new HashMap<>(extraProps);
    props.put(TicketflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    props.put(TicketflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    props.put(TicketflowConfig.APPLICATION_ID, id);
    props.put(TicketflowConfig.TOPIC_PREFIX, id + ".");
    props.put(TicketflowConfig.TOPIC_PARTITIONS, String.valueOf(partitions));
    props.put("kafka.state.dir", tempDir());
    config = new TicketflowConfig(props);
    stages = Stages.of(config, new ExactFaqMatcher(), new SimpleMeterRegistry());
    topics = new Topics(config.topicPrefix(), stages.registry(), config.serdeConfig());
    admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()));
    TopicProvisioner.ensure(admin, topics, partitions, (short) 1, true, Duration.ofSeconds(30));
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  public static String tempDir() {
    try {
      return Files.createTempDirectory("tf-bench").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void publishFaq() {
    for (int i = 0; i < FAQS; i++) {
      FaqEntry e = FaqEntry.newBuilder().setId("faq-" + i).setTenantId(TENANT).setQuestion("question number " + i)
          .setAlternates(List.of()).setAnswer("answer number " + i).setLanguage("en").setTags(List.of())
          .setUpdatedAt(Instant.now()).build();
      producer.send(new ProducerRecord<>(topics.faq().name(), Topics.faqKey(TENANT, e.getId()),
          topics.faq().valueSerde().serializer().serialize(topics.faq().name(), e)));
    }
    producer.flush();
  }

  /** An inquiry on the FAQ path: its text is one of the FAQ questions, differently punctuated. */
  public Inquiry faqInquiry(long n) {
    return inquiry(n, "Question number " + (n % FAQS) + "?");
  }

  /** Inquiry {@code q-n} of conversation {@code c-(n mod 10,000)} with {@code text}. */
  public Inquiry inquiry(long n, String text) {
    return Inquiry.newBuilder().setInquiryId("q-" + n).setConversationId("c-" + (n % 10_000)).setTenantId(TENANT)
        .setChannel(Channel.WEB_CHAT).setCustomerId(null).setLanguage("en")
        .setText(text).setReceivedAt(Instant.now()).setMetadata(Map.of()).build();
  }

  public void send(Inquiry in) {
    producer.send(new ProducerRecord<>(topics.inquiries().name(), in.getConversationId(),
        topics.inquiries().valueSerde().serializer().serialize(topics.inquiries().name(), in)));
  }

  /** Records of {@code topic} not yet committed by {@code groupId}. */
  public long lag(String groupId, String topic) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    List<TopicPartition> parts = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
        .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    var ends = admin.listOffsets(parts.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
        .all().get();
    long lag = 0;
    for (TopicPartition tp : parts) {
      OffsetAndMetadata o = committed.get(tp);
      lag += ends.get(tp).offset() - (o == null ? 0 : o.offset());
    }
    return lag;
  }

  public void close() {
    producer.close();
    admin.close();
  }
}
