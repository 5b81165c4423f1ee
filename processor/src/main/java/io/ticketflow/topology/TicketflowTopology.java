package io.ticketflow.topology;

import io.ticketflow.config.StreamsProperties;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.decode.Decoder;
import io.ticketflow.decode.InquiryDecodeProcessor;
import io.ticketflow.dedupe.DedupeProcessor;
import io.ticketflow.faq.FaqDeadLetterProcessor;
import io.ticketflow.faq.FaqRejects;
import io.ticketflow.faq.FaqRestore;
import io.ticketflow.faq.FaqStoreProcessor;
import io.ticketflow.faq.MatchProcessor;
import io.ticketflow.feedback.FaqStatsAggregation;
import io.ticketflow.feedback.FeedbackItem;
import io.ticketflow.feedback.FeedbackJoinProcessor;
import io.ticketflow.feedback.RememberOutcomeProcessor;
import io.ticketflow.feedback.RememberedOutcome;
import io.ticketflow.feedback.UnansweredQuestionsProcessor;
import io.ticketflow.guard.GuardProcessor;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.ops.ProcessorVersion;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.RouteMetricsProcessor;
import io.ticketflow.route.RoutedOutputs;
import io.ticketflow.route.RouteRecords;
import io.ticketflow.route.SizeCappedSerializer;
import io.ticketflow.route.WorkItem;
import io.ticketflow.schema.FaqStats;
import io.ticketflow.schema.topic.Topic;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.validate.InquiryValidator;
import io.ticketflow.validate.ValidateProcessor;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the stages of DESIGN.md into one Streams topology and does nothing else: no I/O, every
 * node named, so {@code describe()} reads like the stage list. Inquiries: decode, validate,
 * dedupe, guard, match, remember-seen, answer, remember-outcome, route; then reply / escalation /
 * dead letter and always one audit record. Feedback: decode and join, then helpfulness; escalated and
 * LLM-answered questions are counted. The FAQ topic feeds a global store and the matcher; the FAQ
 * records it rejects are dead-lettered through the inquiry sub-topology ({@link FaqRejects}).
 */
public final class TicketflowTopology {
  private static final Logger LOG = LoggerFactory.getLogger(TicketflowTopology.class);

  private TicketflowTopology() {}

  /**
   * The topology for a {@code TopologyTestDriver}, which restores no store. A {@code KafkaStreams}
   * client needs {@link #build(TicketflowConfig, Stages, FaqRestore)} and the restore listener.
   */
  public static Topology build(TicketflowConfig config, Stages stages) {
    return build(config, stages, new FaqRestore(Stores.FAQ));
  }

  /**
   * The topology, whose FAQ store processor asks {@code faqRestore} whether Streams is restoring the
   * FAQ store; the client must have it as its global state restore listener.
   */
  public static Topology build(TicketflowConfig config, Stages stages, FaqRestore faqRestore) {
    Topics topics = new Topics(config.topicPrefix(), stages.registry(), config.serdeConfig());
    PipelineMetrics metrics = stages.metrics();
    RouteRecords records = new RouteRecords(ProcessorVersion.get(), config.deadLetterMaxValueBytes());
    Duration retention = config.dedupeRetention();
    StreamsBuilder builder = new StreamsBuilder();
    Consumed<String, byte[]> raw = Consumed.with(Serdes.String(), Serdes.ByteArray());
    // Input keys as bytes: a dead letter must carry the key as sent, UTF-8 or not (Origins).
    Consumed<byte[], byte[]> rawKeyed = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
    FaqRejects faqRejects = new FaqRejects();

    builder.addGlobalStore(
        org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Stores.FAQ), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled(),
        topics.faq().name(), raw.withName("faq-source"),
        () -> new FaqStoreProcessor(Stores.FAQ, new Decoder<>(topics.faq().valueSerde().deserializer()),
            stages.matcher(), metrics, faqRejects, config.matchWarmUp(), faqRestore));
    builder.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
        store(Stores.OUTCOMES, config.inMemoryStores()), Serdes.String(), Serdes.String()));
    builder.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
        store(Stores.FAQ_DEAD_LETTERED, config.inMemoryStores()), Serdes.String(), Serdes.Long()));

    KStream<byte[], byte[]> inquiries = builder.stream(topics.inquiries().name(), rawKeyed.withName("inquiries-source"));
    KStream<String, WorkItem> decided = inquiries
        .process(() -> new InquiryDecodeProcessor(new Decoder<>(topics.inquiries().valueSerde().deserializer()),
            metrics), Named.as(InquiryDecodeProcessor.STAGE))
        .processValues(() -> new ValidateProcessor(
            new InquiryValidator(config.maxTextLength(), config.allowedTenants()), metrics),
            Named.as(ValidateProcessor.STAGE))
        .processValues(() -> new DedupeProcessor(Stores.OUTCOMES, retention, metrics),
            Named.as(DedupeProcessor.STAGE), Stores.OUTCOMES)
        .processValues(() -> new GuardProcessor(metrics), Named.as(GuardProcessor.STAGE))
        .processValues(() -> new MatchProcessor(stages.matcher(), config.answerThreshold(), metrics,
            stages.answer().translatesFaqAnswers()),
            Named.as(MatchProcessor.STAGE))
        .processValues(() -> RememberOutcomeProcessor.beforeAnswer(Stores.OUTCOMES), Named.as("remember-seen"),
            Stores.OUTCOMES)
        .process(stages.answer().processor(), Named.as("answer"))
        .processValues(() -> RememberOutcomeProcessor.afterAnswer(Stores.OUTCOMES), Named.as("remember-outcome"),
            Stores.OUTCOMES);

    KStream<byte[], byte[]> feedbackRecords = builder.stream(topics.feedback().name(), rawKeyed.withName("feedback-source"));
    // On the feedback source rather than the inquiries': same sub-topology and tasks (feedback is
    // co-partitioned with inquiries through the outcomes store), but its no-op process() then runs
    // per feedback record instead of per inquiry.
    KStream<String, WorkItem> faqDeadLetters = feedbackRecords.process(
        () -> new FaqDeadLetterProcessor(faqRejects, Stores.FAQ_DEAD_LETTERED),
        Named.as(FaqDeadLetterProcessor.STAGE), Stores.FAQ_DEAD_LETTERED);
    KStream<String, FeedbackItem> feedback = feedbackRecords
        .process(() -> new FeedbackJoinProcessor(Stores.OUTCOMES, retention,
            new Decoder<>(topics.feedback().valueSerde().deserializer()), metrics), Named.as("feedback-join"),
            Stores.OUTCOMES);
    KStream<String, WorkItem> feedbackDeadLetters = feedback
        .filterNot((k, f) -> f.joined(), Named.as("feedback-failed"))
        .mapValues(f -> WorkItem.failed(f.origin(), f.failure()), Named.as("feedback-dead-letter"));

    // The two small dead-letter streams are merged first, so inquiries pass one merge node, not two.
    KStream<String, RoutedOutputs> routed = decided
        .merge(feedbackDeadLetters.merge(faqDeadLetters, Named.as("merge-faq-dead-letters")),
            Named.as("merge-dead-letters"))
        .mapValues(w -> RoutedOutputs.of(w, records, System.currentTimeMillis()), Named.as("outputs"))
        .processValues(() -> new RouteMetricsProcessor(metrics), Named.as("route"));
    int max = StreamsProperties.maxRequestSize(config);
    routeOutputs(routed, topics, max);
    unansweredQuestions(builder, decided, topics, config.questionRetention(), max);
    helpfulness(feedback, topics, max);
    return builder.build();
  }

  /**
   * Replies and escalations are keyed by their conversationId, as their schemas say, whatever the
   * input's key was (an inquiry keyed otherwise, or not at all, is processed too); audit records
   * and dead letters by their own keys.
   */
  private static void routeOutputs(KStream<String, RoutedOutputs> routed, Topics topics, int max) {
    routed.split(Named.as("route-"))
        .branch((k, o) -> o.reply() != null, Branched.withConsumer(s -> s
            .map((k, o) -> KeyValue.pair(o.reply().getConversationId(), o.reply()), Named.as("reply"))
            .to(topics.replies().name(), produced(topics.replies(), "replies-sink", max)), "answered"))
        .branch((k, o) -> o.escalation() != null, Branched.withConsumer(s -> s
            .map((k, o) -> KeyValue.pair(o.escalation().getConversationId(), o.escalation()), Named.as("escalation"))
            .to(topics.escalations().name(), produced(topics.escalations(), "escalations-sink", max)), "escalated"))
        .branch((k, o) -> o.deadLetter() != null, Branched.withConsumer(s -> s
            .map((k, o) -> KeyValue.pair(o.deadLetterKey(), o.deadLetter()), Named.as("dead-letter"))
            .to(topics.dlq().name(), produced(topics.dlq(), "dlq-sink", max)), "dead-letter"))
        .noDefaultBranch();
    routed.map((k, o) -> KeyValue.pair(o.auditKey(), o.audit()), Named.as("audit"))
        .to(topics.audit().name(), produced(topics.audit(), "audit-sink", max));
  }

  /** Escalated (for lack of an answer) and LLM-answered questions, counted per tenant and wording. */
  private static void unansweredQuestions(StreamsBuilder builder, KStream<String, WorkItem> decided, Topics topics,
      Duration retention, int max) {
    builder.addStateStore(org.apache.kafka.streams.state.Stores.timestampedKeyValueStoreBuilder(
        org.apache.kafka.streams.state.Stores.persistentTimestampedKeyValueStore(Stores.UNANSWERED_QUESTIONS),
        Serdes.String(), topics.faqStats().valueSerde()));
    decided
        .flatMap((k, w) -> questionCount(w), Named.as("by-question"))
        .repartition(Repartitioned.<String, String>as("unanswered-by-question")
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
        .process(() -> new UnansweredQuestionsProcessor(Stores.UNANSWERED_QUESTIONS, retention),
            Named.as("count-unanswered"), Stores.UNANSWERED_QUESTIONS)
        .to(topics.faqStats().name(), produced(topics.faqStats(), "faq-stats-unanswered-sink", max));
  }

  /**
   * The count of an unanswered question (escalated for lack of an answer, or LLM-answered), keyed
   * by tenant and wording; none for other outcomes, text without words, or when that fails. These
   * statistics are a by-product: a failure here (a bug) must not dead-letter an inquiry whose
   * outputs and audit record went out already, which would give it a second audit record.
   */
  private static List<KeyValue<String, String>> questionCount(WorkItem w) {
    try {
      if (w.inquiry() == null || w.guard() == null || !FaqStatsAggregation.unanswered(RouteRecords.route(w.outcome()),
          w.outcome() instanceof Outcome.Escalated e ? e.reason().name() : null)) {
        return List.of();
      }
      String tenant = w.inquiry().getTenantId();
      String text = w.guard().redactedText();
      String key = FaqStatsAggregation.questionKey(tenant, text);
      return key == null ? List.of() : List.of(KeyValue.pair(key, tenant + "\n" + text));
    } catch (RuntimeException e) {
      LOG.error("Inquiry {} is left out of the unanswered-question counts", w.inquiryId(), e);
      return List.of();
    }
  }

  /** Helpfulness per FAQ entry from feedback on FAQ replies. */
  private static void helpfulness(KStream<String, FeedbackItem> feedback, Topics topics, int max) {
    feedback
        .filter((k, f) -> f.counts() && FaqStatsAggregation.ratesFaq(f.outcome()), Named.as("rates-faq"))
        .map((k, f) -> {
          RememberedOutcome o = f.outcome();
          return KeyValue.pair(FaqStatsAggregation.faqKey(o.tenantId(), o.faqId()),
              FaqStatsAggregation.verdict(f.feedback()));
        }, Named.as("by-faq"))
        .groupByKey(Grouped.with("feedback-by-faq", Serdes.String(), Serdes.String()))
        .aggregate(FaqStatsAggregation::empty, (key, verdict, stats) -> FaqStatsAggregation.addVerdict(key,
                FaqStatsAggregation.AuditRecordRef.parse(key), verdict, stats, System.currentTimeMillis()),
            Named.as("count-helpfulness"),
            Materialized.<String, FaqStats, KeyValueStore<Bytes, byte[]>>as(Stores.FAQ_HELPFULNESS)
                .withKeySerde(Serdes.String()).withValueSerde(topics.faqStats().valueSerde()))
        .toStream(Named.as("helpfulness-changes"))
        .to(topics.faqStats().name(), produced(topics.faqStats(), "faq-stats-helpfulness-sink", max));
  }

  /** A changelogged key-value store, on disk or in memory ({@code state.stores}). */
  private static KeyValueBytesStoreSupplier store(String name, boolean inMemory) {
    return inMemory
        ? org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(name)
        : org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name);
  }

  /** Values larger than the producer accepts fail at serialization, see {@link SizeCappedSerializer}. */
  private static <V> Produced<String, V> produced(Topic<String, V> topic, String name, int maxRequestSize) {
    Serde<V> capped = Serdes.serdeFrom(new SizeCappedSerializer<>(topic.valueSerde().serializer(), maxRequestSize),
        topic.valueSerde().deserializer());
    return Produced.with(topic.keySerde(), capped).withName(name);
  }
}
