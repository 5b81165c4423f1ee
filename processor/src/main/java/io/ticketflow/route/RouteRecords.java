package io.ticketflow.route;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.ticketflow.match.FaqCandidate;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.ReplySource;
import io.ticketflow.schema.Route;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Turns a decided {@link WorkItem} into the records the pipeline publishes. Pure: no Kafka types,
 * the caller passes the processing time.
 */
public final class RouteRecords {
  /** How many candidates the audit keeps: enough to study near-misses, small enough for a column. */
  static final int AUDIT_CANDIDATES = 5;

  private final String processorVersion;
  private final int maxDeadLetterValueBytes;

  public RouteRecords(String processorVersion) {
    this(processorVersion, Integer.MAX_VALUE);
  }

  /** @param maxDeadLetterValueBytes longest original value a dead letter carries (longer ones are cut) */
  public RouteRecords(String processorVersion, int maxDeadLetterValueBytes) {
    this.processorVersion = processorVersion;
    this.maxDeadLetterValueBytes = maxDeadLetterValueBytes;
  }

  /** The route recorded for an outcome. */
  public static Route route(Outcome outcome) {
    // Java 17: no pattern switch yet; the sealed interface keeps this list complete.
    if (outcome instanceof Outcome.Answered a) {
      return a.source() == ReplySource.LLM ? Route.LLM : Route.FAQ;
    } else if (outcome instanceof Outcome.Escalated) {
      return Route.ESCALATED;
    } else if (outcome instanceof Outcome.Rejected) {
      return Route.REJECTED;
    } else if (outcome instanceof Outcome.DeadLettered) {
      return Route.DEAD_LETTER;
    } else if (outcome instanceof Outcome.Duplicate) {
      return Route.DUPLICATE;
    }
    throw new IllegalArgumentException("no outcome");
  }

  /**
   * Decisions about an inquiry are keyed by its id; records that are not decisions (rejected,
   * dead-lettered, duplicate deliveries) by their source position, so a sink that upserts by key
   * never lets them overwrite the inquiry's decision row.
   */
  public static String auditKey(WorkItem item) {
    Outcome o = item.outcome();
    return o instanceof Outcome.Answered || o instanceof Outcome.Escalated ? item.inquiryId() : item.origin().id();
  }

  public Reply reply(WorkItem item, long now) {
    Outcome.Answered a = (Outcome.Answered) item.outcome();
    Inquiry in = item.inquiry();
    // Every field set on a new record, as in audit(): no builder on the hot path.
    Reply r = new Reply();
    r.setInquiryId(in.getInquiryId());
    r.setConversationId(in.getConversationId());
    r.setTenantId(in.getTenantId());
    r.setChannel(in.getChannel());
    r.setCustomerId(in.getCustomerId());
    r.setText(a.text());
    r.setLanguage(a.language() != null ? a.language() : in.getLanguage() != null ? in.getLanguage() : "und");
    r.setSource(a.source());
    r.setFaqId(a.faqId());
    r.setCitedFaqIds(a.citedFaqIds());
    r.setConfidence(a.confidence());
    r.setCreatedAt(Instant.ofEpochMilli(now));
    return r;
  }

  public Escalation escalation(WorkItem item, long now) {
    Outcome.Escalated e = (Outcome.Escalated) item.outcome();
    Inquiry in = item.inquiry();
    return Escalation.newBuilder()
        .setInquiryId(in.getInquiryId())
        .setConversationId(in.getConversationId())
        .setTenantId(in.getTenantId())
        .setChannel(in.getChannel())
        .setCustomerId(in.getCustomerId())
        .setReason(e.reason())
        .setDetail(e.detail())
        .setInquiryText(in.getText())
        .setLanguage(in.getLanguage())
        .setSuggestedAnswer(e.suggestedAnswer())
        .setSuggestedFaqId(e.suggestedFaqId())
        .setCreatedAt(Instant.ofEpochMilli(now))
        .build();
  }

  public DeadLetter deadLetter(WorkItem item, long now) {
    DeadLetterReason reason;
    String message;
    if (item.outcome() instanceof Outcome.Rejected r) {
      reason = r.reason();
      message = r.message();
    } else if (item.outcome() instanceof Outcome.DeadLettered d) {
      reason = d.reason();
      message = d.message();
    } else {
      throw new IllegalArgumentException("not a dead letter: " + item.outcome());
    }
    return deadLetter(item.origin(), item.inquiryId(), reason, message, now, maxDeadLetterValueBytes);
  }

  public static DeadLetter deadLetter(Origin origin, String inquiryId, DeadLetterReason reason,
                                      String message, long now) {
    return deadLetter(origin, inquiryId, reason, message, now, Integer.MAX_VALUE);
  }

  /**
   * A dead letter with the original bytes, cut to {@code maxValueBytes}: a dead letter that is
   * larger than its topic accepts would fail the whole transaction, so an oversized original is
   * kept only in part and the message says so (the full record stays on the source topic at
   * the recorded offset until its retention ends).
   */
  public static DeadLetter deadLetter(Origin origin, String inquiryId, DeadLetterReason reason,
                                      String message, long now, int maxValueBytes) {
    byte[] value = origin.value();
    String text = message == null ? reason.name() : message;
    if (value != null && value.length > maxValueBytes) {
      text = text + " [original value of " + value.length + " bytes cut to the first " + maxValueBytes
          + " (dlq.max-value-bytes)]";
      value = java.util.Arrays.copyOf(value, maxValueBytes);
    }
    return DeadLetter.newBuilder()
        .setDeadLetterId(origin.id())
        .setInquiryId(storable(inquiryId))
        .setSourceTopic(origin.topic())
        .setSourcePartition(origin.partition())
        .setSourceOffset(origin.offset())
        .setKey(origin.key() == null ? null : ByteBuffer.wrap(origin.key()))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setReasonCode(reason)
        .setMessage(text)
        .setFailedAt(Instant.ofEpochMilli(now))
        .build();
  }

  public AuditRecord audit(WorkItem item, long now) {
    Outcome outcome = item.outcome();
    Inquiry in = item.inquiry();
    // Built field by field on a new record rather than with AuditRecord.newBuilder(): the builder
    // looks up and deep-copies the default of each of the ~20 fields left unset, for every
    // inquiry. The fields without a null default are all set here.
    AuditRecord b = new AuditRecord();
    b.setInquiryId(item.inquiryId() != null ? storable(item.inquiryId()) : item.origin().id());
    b.setRoute(route(outcome));
    b.setProcessedAt(Instant.ofEpochMilli(now));
    b.setProcessorVersion(processorVersion);
    b.setStageLatenciesJson(stageJson(item.stageMicros()));
    b.setCitedFaqIds(List.of());
    b.setGuardFlags(List.of());
    if (in != null) {
      // A rejected inquiry's fields may hold what the validator refused: stored in its audit row.
      b.setConversationId(storable(in.getConversationId()));
      b.setTenantId(storable(in.getTenantId()));
      b.setChannel(in.getChannel());
      b.setLanguage(storable(in.getLanguage()));
      b.setReceivedAt(in.getReceivedAt());
      if (in.getReceivedAt() != null) {
        b.setEndToEndMillis(Math.max(0, now - in.getReceivedAt().toEpochMilli()));
      }
    }
    if (item.guard() != null) {
      b.setRedactedText(item.guard().redactedText());
      b.setRedactionCount(item.guard().redactionCount());
      b.setGuardFlags(item.guard().flags());
    }
    if (item.match() != null) {
      b.setMatcher(item.match().matcher());
      b.setMatchMicros(item.match().micros());
      b.setCandidatesJson(candidatesJson(item.match().candidates()));
      item.match().best().ifPresent(c -> b.setScore(c.score()));
    }
    if (item.llm() != null) {
      LlmUsage llm = item.llm();
      b.setModel(llm.model());
      b.setPromptTokens(llm.promptTokens());
      b.setCompletionTokens(llm.completionTokens());
      b.setCostUsd(llm.costUsd());
      b.setLlmMillis(llm.millis());
      b.setLlmAttempts(llm.attempts());
    }
    if (outcome instanceof Outcome.Answered a) {
      b.setFaqId(a.faqId());
      b.setCitedFaqIds(a.citedFaqIds());
      b.setScore(a.confidence());
    } else if (outcome instanceof Outcome.Escalated e) {
      b.setReason(e.reason().name());
      b.setDetail(e.detail());
      b.setFaqId(e.suggestedFaqId());
    } else if (outcome instanceof Outcome.Rejected r) {
      b.setReason(r.reason().name());
      b.setDetail(r.message());
    } else if (outcome instanceof Outcome.DeadLettered d) {
      b.setReason(d.reason().name());
      b.setDetail(d.message());
    } else if (outcome instanceof Outcome.Duplicate d) {
      b.setReason("DUPLICATE");
      b.setDetail("first seen at " + Instant.ofEpochMilli(d.firstSeenAt()));
    }
    return b;
  }


  // Both JSON columns are appended to a StringBuilder, strings quoted by Jackson's encoder: this
  // runs for every inquiry, and data-binding maps (ObjectMapper) or even a JsonGenerator per call
  // showed in profiles of the FAQ path.

  /**
   * {@code s} with each NUL character replaced by U+FFFD: PostgreSQL's text cannot hold NUL, and a
   * row the database refuses stops that table's sink. Only the fields of a rejected inquiry can
   * hold one (the validator refuses it elsewhere), so this costs a scan of short ids per record.
   */
  static String storable(String s) {
    return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
  }

  private static String candidatesJson(List<FaqCandidate> candidates) {
    // Sized for ids of ~20 characters and a full-precision double, so the builder never grows.
    StringBuilder out = new StringBuilder(2 + 64 * Math.min(candidates.size(), AUDIT_CANDIDATES)).append('[');
    for (int i = 0; i < candidates.size() && i < AUDIT_CANDIDATES; i++) {
      FaqCandidate c = candidates.get(i);
      out.append(i == 0 ? "{\"faqId\":" : ",{\"faqId\":");
      quoted(out, c.faqId()).append(",\"score\":").append(c.score()).append('}');
    }
    return out.append(']').toString();
  }

  private static String stageJson(Map<String, Long> stageMicros) {
    StringBuilder out = new StringBuilder(2 + 24 * stageMicros.size()).append('{');
    for (Map.Entry<String, Long> e : stageMicros.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      quoted(out, e.getKey()).append(':').append(e.getValue().longValue());
    }
    return out.append('}').toString();
  }

  private static StringBuilder quoted(StringBuilder out, String s) {
    if (s == null) {
      return out.append("null");
    }
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, out);
    return out.append('"');
  }
}
