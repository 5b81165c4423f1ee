package io.ticketflow.schema.topic;

import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.FaqStats;
import io.ticketflow.schema.Feedback;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.serde.AvroSerde;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline under one configurable prefix (default {@code helpdesk.}). Keys are
 * strings: {@code conversationId} for conversation traffic, {@code inquiryId} for the audit
 * record of a decision, the source position ({@code topic-partition-offset}) for dead letters and
 * the audit records of REJECTED, DEAD_LETTER and DUPLICATE, {@code tenantId/faqId} for the FAQ.
 */
public final class Topics {
  public static final String DEFAULT_PREFIX = "helpdesk.";

  public static final String INQUIRIES = "inquiries";
  public static final String FAQ = "faq";
  public static final String FEEDBACK = "feedback";
  public static final String REPLIES = "replies";
  public static final String ESCALATIONS = "escalations";
  public static final String AUDIT = "audit";
  public static final String DLQ = "dlq";
  public static final String FAQ_STATS = "faq-stats";

  private final String prefix;
  private final Topic<String, Inquiry> inquiries;
  private final Topic<String, FaqEntry> faq;
  private final Topic<String, Feedback> feedback;
  private final Topic<String, Reply> replies;
  private final Topic<String, Escalation> escalations;
  private final Topic<String, AuditRecord> audit;
  private final Topic<String, DeadLetter> dlq;
  private final Topic<String, FaqStats> faqStats;

  /**
   * @param serdeConfigs serde settings ({@code schema.registry.url}, ...)
   */
  public Topics(String prefix, SchemaRegistryClient registry, Map<String, ?> serdeConfigs) {
    this.prefix = prefix;
    this.inquiries = topic(INQUIRIES, Inquiry.class, registry, serdeConfigs);
    this.faq = topic(FAQ, FaqEntry.class, registry, serdeConfigs);
    this.feedback = topic(FEEDBACK, Feedback.class, registry, serdeConfigs);
    this.replies = topic(REPLIES, Reply.class, registry, serdeConfigs);
    this.escalations = topic(ESCALATIONS, Escalation.class, registry, serdeConfigs);
    this.audit = topic(AUDIT, AuditRecord.class, registry, serdeConfigs);
    this.dlq = topic(DLQ, DeadLetter.class, registry, serdeConfigs);
    this.faqStats = topic(FAQ_STATS, FaqStats.class, registry, serdeConfigs);
  }

  private <V extends SpecificRecord> Topic<String, V> topic(
      String suffix, Class<V> type, SchemaRegistryClient registry, Map<String, ?> serdeConfigs) {
    return new Topic<>(name(suffix), Serdes.String(), AvroSerde.of(type, registry, serdeConfigs, false));
  }

  /** The full name of a topic given its suffix, e.g. {@code helpdesk.replies}. */
  public String name(String suffix) {
    return prefix + suffix;
  }

  public String prefix() {
    return prefix;
  }

  public Topic<String, Inquiry> inquiries() {
    return inquiries;
  }

  public Topic<String, FaqEntry> faq() {
    return faq;
  }

  public Topic<String, Feedback> feedback() {
    return feedback;
  }

  public Topic<String, Reply> replies() {
    return replies;
  }

  public Topic<String, Escalation> escalations() {
    return escalations;
  }

  public Topic<String, AuditRecord> audit() {
    return audit;
  }

  public Topic<String, DeadLetter> dlq() {
    return dlq;
  }

  /** Per-FAQ helpfulness and frequently unanswered questions (compacted). */
  public Topic<String, FaqStats> faqStats() {
    return faqStats;
  }

  /** All topics, inputs first. */
  public List<Topic<String, ?>> all() {
    return List.of(inquiries, faq, feedback, replies, escalations, audit, dlq, faqStats);
  }

  /** Key of an FAQ entry on the compacted FAQ topic. */
  public static String faqKey(String tenantId, String faqId) {
    return tenantId + "/" + faqId;
  }
}
