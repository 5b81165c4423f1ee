package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.config.StreamsProperties;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.devstack.llm.FakeOpenAiServer;
import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.match.FaqCandidate;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.match.MatchResult;
import io.ticketflow.route.WorkItem;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.testing.Inquiries;
import io.ticketflow.testing.ScriptedMatcher;
import io.ticketflow.topology.Stages;
import io.ticketflow.faq.FaqRestore;
import io.ticketflow.topology.TicketflowTopology;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The processor dies without a clean close while 200 LLM calls are in flight (a fatal error on
 * its stream thread: tasks are closed dirty, the open transaction is aborted); a new instance
 * takes over from the changelogged pending store. Every inquiry still ends with exactly one audit
 * record and exactly one reply or escalation, read with read_committed.
 */
@ExtendWith(EmbeddedStackExtension.class)
class LlmCrashRecoveryIT {
  private static final int INQUIRIES = 200;

  /** Wraps the real stage; when armed, a punctuator throws an Error the handlers do not catch. */
  private static final class CrashableStage implements AnswerStage {
    final AnswerStage inner;
    final AtomicBoolean crash;

    CrashableStage(AnswerStage inner, AtomicBoolean crash) {
      this.inner = inner;
      this.crash = crash;
    }

    @Override
    public ProcessorSupplier<String, WorkItem, String, WorkItem> processor() {
      ProcessorSupplier<String, WorkItem, String, WorkItem> supplier = inner.processor();
      return new ProcessorSupplier<>() {
        @Override
        public Processor<String, WorkItem, String, WorkItem> get() {
          Processor<String, WorkItem, String, WorkItem> real = supplier.get();
          return new Processor<>() {
            @Override
            public void init(ProcessorContext<String, WorkItem> context) {
              real.init(context);
              context.schedule(Duration.ofMillis(10), PunctuationType.WALL_CLOCK_TIME, t -> {
                if (crash.get()) {
                  throw new AssertionError("simulated crash of the processor");
                }
              });
            }

            @Override
            public void process(Record<String, WorkItem> record) {
              real.process(record);
            }

            @Override
            public void close() {
              real.close();
            }
          };
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
          return supplier.stores();
        }
      };
    }

    @Override
    public String name() {
      return inner.name();
    }
  }

  @Test
  void aCrashWithCallsInFlightLosesAndDuplicatesNothing(EmbeddedStack stack) throws Exception {
    String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
      server.latency(Duration.ofSeconds(3));
      Map<String, String> props = new HashMap<>();
      props.put(TicketflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
      props.put(TicketflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
      props.put(TicketflowConfig.APPLICATION_ID, prefix + "app");
      props.put(TicketflowConfig.TOPIC_PREFIX, prefix);
      props.put(TicketflowConfig.TOPIC_PARTITIONS, "2");
      props.put(LlmSettings.BASE_URL, server.baseUrl());
      props.put(LlmSettings.MAX_IN_FLIGHT, "256");
      props.put(LlmSettings.TIMEOUT, "10s");
      props.put("kafka." + StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
      TicketflowConfig config = new TicketflowConfig(props);
      Topics topics = new Topics(prefix, stack.registryClient(), config.serdeConfig());
      topics.all().forEach(t -> stack.kafka().createTopic(t.name(), 2));
      stack.kafka().createTopic(prefix + "faq-stats", 2);

      KafkaStreams first = start(config, server, true);
      produce(stack, topics);
      await().atMost(Duration.ofSeconds(60)).alias("all calls in flight")
          .conditionEvaluationListener(c -> System.out.println("requests=" + server.requests().size() + " inFlight=" + server.inFlight()))
          .until(() -> server.inFlight() >= INQUIRIES);

      crash.set(true);
      await().atMost(Duration.ofSeconds(30)).until(() -> first.state() == KafkaStreams.State.ERROR
          || first.state() == KafkaStreams.State.NOT_RUNNING);
      first.close(Duration.ofSeconds(5));

      KafkaStreams second = start(config, server, false);
      try {
        Map<String, Integer> audits = new HashMap<>();
        Map<String, Integer> answers = new HashMap<>();
        try (var consumer = consumer(stack)) {
          consumer.subscribe(List.of(topics.audit().name(), topics.replies().name(), topics.escalations().name()));
          var audit = topics.audit().valueSerde().deserializer();
          var reply = topics.replies().valueSerde().deserializer();
          var escalation = topics.escalations().valueSerde().deserializer();
          await().atMost(Duration.ofSeconds(120)).until(() -> {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
              if (record.topic().equals(topics.audit().name())) {
                AuditRecord a = audit.deserialize(record.topic(), record.value());
                audits.merge(a.getInquiryId(), 1, Integer::sum);
              } else if (record.topic().equals(topics.replies().name())) {
                Reply r = reply.deserialize(record.topic(), record.value());
                answers.merge(r.getInquiryId(), 1, Integer::sum);
              } else {
                Escalation e = escalation.deserialize(record.topic(), record.value());
                answers.merge(e.getInquiryId(), 1, Integer::sum);
              }
            }
            return audits.size() >= INQUIRIES && answers.size() >= INQUIRIES;
          });
          // Anything duplicated would arrive right behind: read on for a few commit intervals.
          long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
          while (System.nanoTime() < until) {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
              String id = record.topic().equals(topics.audit().name())
                  ? audit.deserialize(record.topic(), record.value()).getInquiryId()
                  : record.topic().equals(topics.replies().name())
                      ? reply.deserialize(record.topic(), record.value()).getInquiryId()
                      : escalation.deserialize(record.topic(), record.value()).getInquiryId();
              (record.topic().equals(topics.audit().name()) ? audits : answers).merge(id, 1, Integer::sum);
            }
          }
        }
        assertThat(audits).hasSize(INQUIRIES).allSatisfy((id, n) -> assertThat(n).as("audits of %s", id).isEqualTo(1));
        assertThat(answers).hasSize(INQUIRIES).allSatisfy((id, n) -> assertThat(n).as("outputs of %s", id).isEqualTo(1));
        assertThat(server.requests().size()).as("calls re-issued after the crash").isGreaterThan(INQUIRIES);
      } finally {
        second.close(Duration.ofSeconds(10));
      }
    }
  }

  private final AtomicBoolean crash = new AtomicBoolean();

  private KafkaStreams start(TicketflowConfig config, FakeOpenAiServer server, boolean crashable) throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LlmSettings settings = LlmSettings.from(config, Map.of(LlmSettings.ENV_API_KEY, "sk-crash-test"));
    LlmAnswerStage llm = AnswerStages.llm(settings, meters, Clock.systemUTC());
    AnswerStage stage = crashable ? new CrashableStage(llm, crash) : llm;
    Stages stages = Stages.of(config, new ScriptedMatcher().otherwise(ScriptedMatcher.weakRefund()), meters).withAnswer(stage);
    Properties streams = StreamsProperties.of(config, stages.metrics());
    streams.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("crash-state").toString());
    FaqRestore faqRestore = new FaqRestore(io.ticketflow.topology.Stores.FAQ);
    KafkaStreams app = new KafkaStreams(TicketflowTopology.build(config, stages, faqRestore), streams);
    app.setGlobalStateRestoreListener(faqRestore);
    app.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    app.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
    return app;
  }

  private static void produce(EmbeddedStack stack, Topics topics) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    try (var producer = new KafkaProducer<>(config, new StringSerializer(), topics.inquiries().valueSerde().serializer())) {
      for (int i = 0; i < INQUIRIES; i++) {
        Inquiry inquiry = Inquiries.inquiry("inq-" + i, "conv-" + i, "Question number " + i + " about my refund");
        producer.send(new ProducerRecord<>(topics.inquiries().name(), inquiry.getConversationId(), inquiry));
      }
    }
  }

  private static KafkaConsumer<String, byte[]> consumer(EmbeddedStack stack) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-check-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(config, new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
  }
}
