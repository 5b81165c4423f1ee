package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.TicketflowProcessor;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.devstack.llm.FakeOpenAiServer;
import io.ticketflow.devstack.llm.FakeResponse;
import io.ticketflow.match.FaqCandidate;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.match.MatchResult;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Route;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.testing.ClusterIO;
import io.ticketflow.testing.Inquiries;
import io.ticketflow.testing.ScriptedMatcher;
import io.ticketflow.topology.Stages;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The LLM stage in the processor as it runs in production (KafkaStreams, EOS v2, real broker and
 * registry) against the fake OpenAI-compatible server at realistic latency.
 */
@ExtendWith(EmbeddedStackExtension.class)
class LlmAnsweringIT {
  private static final String KEY = "sk-IT-very-recognizable-key-7b1e5c2d";
  /** Personal data the guard must redact before anything is sent to the model. */
  private static final List<String> PII = List.of("zhang.wei@example.cn", "mary.smith+orders@example.com",
      "13800138000", "+44 20 7946 0958", "11010519491231002X", "4111 1111 1111 1111", "5500000000000004",
      "192.168.10.24");

  private final FakeOpenAiServer server = FakeOpenAiServer.start();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private TicketflowProcessor processor;
  private LlmAnswerStage stage;

  private Topics start(EmbeddedStack stack, Map<String, String> overrides) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    logs.start();
    root.addAppender(logs);
    String prefix = "llm-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Map<String, String> props = new HashMap<>();
    props.put(TicketflowConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    props.put(TicketflowConfig.SCHEMA_REGISTRY_URL, stack.schemaRegistryUrl());
    props.put(TicketflowConfig.APPLICATION_ID, prefix + "app");
    props.put(TicketflowConfig.TOPIC_PREFIX, prefix);
    props.put(TicketflowConfig.TOPIC_PARTITIONS, "2");
    props.put(LlmSettings.BASE_URL, server.baseUrl());
    props.put("kafka." + StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    props.putAll(overrides);
    TicketflowConfig config = new TicketflowConfig(props);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    stage = AnswerStages.llm(LlmSettings.from(config, Map.of(LlmSettings.ENV_API_KEY, KEY)), meters, Clock.systemUTC());
    processor = TicketflowProcessor.run(config, Stages.of(config, new ScriptedMatcher().otherwise(ScriptedMatcher.weakRefund()), meters).withAnswer(stage));
    await().atMost(Duration.ofSeconds(60)).until(processor::isRunning);
    return new Topics(prefix, stack.registryClient(), config.serdeConfig());
  }

  @AfterEach
  void stop() {
    if (processor != null) {
      processor.close();
    }
    if (stage != null) {
      stage.close();
    }
    server.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  private static void send(EmbeddedStack stack, Topics topics, List<Inquiry> inquiries) {
    try (ClusterIO io = new ClusterIO(stack.bootstrapServers(), 1 << 20)) {
      var serializer = topics.inquiries().valueSerde().serializer();
      for (Inquiry inquiry : inquiries) {
        io.send(topics.inquiries().name(), inquiry.getConversationId(), serializer.serialize(topics.inquiries().name(), inquiry));
      }
      io.flush();
    }
  }

  private static List<AuditRecord> awaitAudits(EmbeddedStack stack, Topics topics, int count) {
    List<AuditRecord> audits = new ArrayList<>();
    try (ClusterIO io = new ClusterIO(stack.bootstrapServers(), 1 << 20)) {
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        audits.clear();
        io.readAll(topics.audit().name(), topics.audit().valueSerde().deserializer())
            .forEach(r -> audits.add(r.value()));
        return audits.size() >= count;
      });
    }
    return audits;
  }

  @Test
  void callsRunConcurrentlyWithinTheLimitConversationsKeepTheirOrderAndNothingSensitiveLeaks(EmbeddedStack stack) {
    server.latency(Duration.ofMillis(100));
    Topics topics = start(stack, Map.of(LlmSettings.MAX_IN_FLIGHT, "8"));
    List<Inquiry> inquiries = new ArrayList<>();
    for (int turn = 0; turn < 8; turn++) {
      for (int c = 0; c < 20; c++) {
        String pii = PII.get((turn + c) % PII.size());
        inquiries.add(Inquiries.inquiry("c" + c + "-t" + turn, "conv-" + c,
            "Turn " + turn + ": my contact is " + pii + ", where is my refund?"));
      }
    }
    send(stack, topics, inquiries);

    List<AuditRecord> audits = awaitAudits(stack, topics, inquiries.size());

    assertThat(audits).hasSize(inquiries.size()).allSatisfy(a -> assertThat(a.getRoute()).isEqualTo(Route.LLM));
    assertThat(server.maxConcurrentRequests()).isGreaterThan(1).isLessThanOrEqualTo(8);
    try (ClusterIO io = new ClusterIO(stack.bootstrapServers(), 1 << 20)) {
      Map<String, List<String>> order = io.readAll(topics.replies().name(), topics.replies().valueSerde().deserializer())
          .stream().collect(Collectors.groupingBy(ConsumerRecord::key,
              Collectors.mapping(r -> r.value().getInquiryId(), Collectors.toList())));
      assertThat(order).hasSize(20).allSatisfy((conversation, ids) -> assertThat(ids).isSortedAccordingTo(
          (a, b) -> Integer.compare(turn(a), turn(b))).hasSize(8));
    }
    server.requests().forEach(request -> {
      for (String pii : PII) {
        assertThat(request.allText()).doesNotContain(pii);
      }
      assertThat(request.body().toString()).doesNotContain(KEY);
    });
    assertThat(logs.list).isNotEmpty().allSatisfy(event -> {
      assertThat(event.getFormattedMessage()).doesNotContain(KEY);
      if (event.getThrowableProxy() != null) {
        assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(KEY);
      }
    });
  }

  private static int turn(String inquiryId) {
    return Integer.parseInt(inquiryId.substring(inquiryId.indexOf("-t") + 2));
  }

  @Test
  void anOutageEscalatesPromptlyFaqFlowContinuesAndAnsweringResumesAfterRateLimitStorms(EmbeddedStack stack) {
    Topics topics = start(stack, Map.of(LlmSettings.BREAKER_OPEN_FOR, "2s", LlmSettings.TIMEOUT, "2s"));
    server.goDown();
    List<Inquiry> during = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      during.add(Inquiries.inquiry("down-" + i, "down-conv-" + i, "Refund question " + i));
    }
    long sent = System.nanoTime();
    send(stack, topics, during);
    List<AuditRecord> audits = awaitAudits(stack, topics, during.size());
    Duration escalatedWithin = Duration.ofNanos(System.nanoTime() - sent);

    assertThat(audits).allSatisfy(a -> {
      assertThat(a.getRoute()).isEqualTo(Route.ESCALATED);
      assertThat(a.getReason()).isEqualTo(EscalationReason.LLM_UNAVAILABLE.name());
    });
    assertThat(escalatedWithin).as("the breaker makes escalation prompt").isLessThan(Duration.ofSeconds(30));
    // Refused connections fail at once, so the time above holds without a breaker too (every call
    // then retries to llm.max-attempts, ~3.5 s): that the breaker opened is in the audit.
    assertThat(audits).as("escalated by the open circuit breaker instead of after every attempt")
        .anySatisfy(a -> assertThat(a.getDetail()).contains("circuit breaker open"));

    server.comeBack();
    // Once the breaker's open time is over, probes go through and close it again.
    List<Inquiry> probes = new ArrayList<>();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      Inquiry probe = Inquiries.inquiry("probe-" + probes.size(), "probe-conv", "Refund probe " + probes.size());
      probes.add(probe);
      send(stack, topics, List.of(probe));
      return awaitAudits(stack, topics, during.size() + probes.size()).stream()
          .anyMatch(a -> a.getInquiryId().equals(probe.getInquiryId()) && a.getRoute() == Route.LLM);
    });
    AtomicInteger calls = new AtomicInteger();
    server.respondWith(r -> calls.incrementAndGet() <= 30 ? FakeResponse.rateLimited(1) : FakeOpenAiServer.citeFirstFaq(r));
    List<Inquiry> after = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      after.add(Inquiries.inquiry("up-" + i, "up-conv-" + i, "Refund question again " + i));
    }
    send(stack, topics, after);
    List<AuditRecord> all = awaitAudits(stack, topics, during.size() + probes.size() + after.size());

    Map<String, AuditRecord> byId = all.stream().collect(Collectors.toMap(AuditRecord::getInquiryId, a -> a));
    assertThat(byId).hasSize(during.size() + probes.size() + after.size());
    assertThat(after).as("answered by the model after the 429 storm, every 429 retried after its Retry-After")
        .allSatisfy(i -> assertThat(byId.get(i.getInquiryId()).getRoute()).isEqualTo(Route.LLM));
    assertThat(calls.get()).isGreaterThan(30);
  }
}
