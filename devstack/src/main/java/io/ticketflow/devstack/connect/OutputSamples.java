package io.ticketflow.devstack.connect;

import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.Channel;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.schema.Feedback;
import io.ticketflow.schema.Reply;
import io.ticketflow.schema.ReplySource;
import io.ticketflow.schema.Route;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Deterministic output records (what the processor writes) for sink tests, the benchmark and
 * the demo's smoke check: record {@code i} under {@code idPrefix} always has the same values, so
 * a test can compute the row it expects. Ids are {@code idPrefix + "-" + i}.
 */
public final class OutputSamples {
  /** 2026-01-01T00:00:00Z; record {@code i} is {@code i} seconds later. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private static final Channel[] CHANNELS = Channel.values();
  private static final String[] TENANTS = {"acme", "globex", "initech"};

  private OutputSamples() {}

  public static String inquiryId(String idPrefix, int i) {
    return idPrefix + "-" + i;
  }

  public static String conversationId(String idPrefix, int i) {
    return idPrefix + "-conv-" + i;
  }

  public static Instant at(int i) {
    return EPOCH.plusSeconds(i);
  }

  public static String tenant(int i) {
    return TENANTS[i % TENANTS.length];
  }

  public static Reply reply(String idPrefix, int i) {
    boolean faq = i % 3 != 0;
    return Reply.newBuilder()
        .setInquiryId(inquiryId(idPrefix, i))
        .setConversationId(conversationId(idPrefix, i))
        .setTenantId(tenant(i))
        .setChannel(CHANNELS[i % CHANNELS.length])
        .setCustomerId(i % 2 == 0 ? "customer-" + i : null)
        .setText("Answer number " + i + " — 请查看帮助中心")
        .setLanguage(i % 4 == 0 ? "zh" : "en")
        .setSource(faq ? ReplySource.FAQ : ReplySource.LLM)
        .setFaqId("faq-" + (i % 20))
        .setCitedFaqIds(faq ? List.of("faq-" + (i % 20)) : List.of("faq-" + (i % 20), "faq-" + ((i + 1) % 20)))
        .setConfidence((i % 100) / 100.0)
        .setCreatedAt(at(i))
        .build();
  }

  public static Escalation escalation(String idPrefix, int i) {
    EscalationReason[] reasons = EscalationReason.values();
    return Escalation.newBuilder()
        .setInquiryId(inquiryId(idPrefix, i))
        .setConversationId(conversationId(idPrefix, i))
        .setTenantId(tenant(i))
        .setChannel(CHANNELS[i % CHANNELS.length])
        .setCustomerId(null)
        .setReason(reasons[i % reasons.length])
        .setDetail("escalated because of rule " + (i % 7))
        .setInquiryText("I need a human for case " + i)
        .setLanguage("en")
        .setSuggestedAnswer(i % 2 == 0 ? "Draft answer " + i : null)
        .setSuggestedFaqId(null)
        .setCreatedAt(at(i))
        .build();
  }

  public static AuditRecord audit(String idPrefix, int i) {
    Route[] routes = {Route.FAQ, Route.FAQ, Route.LLM, Route.ESCALATED, Route.REJECTED};
    Route route = routes[i % routes.length];
    boolean llm = route == Route.LLM;
    return AuditRecord.newBuilder()
        .setInquiryId(inquiryId(idPrefix, i))
        .setConversationId(conversationId(idPrefix, i))
        .setTenantId(tenant(i))
        .setChannel(CHANNELS[i % CHANNELS.length])
        .setLanguage(i % 4 == 0 ? "zh" : "en")
        .setRoute(route)
        .setReason(route == Route.ESCALATED ? "LOW_CONFIDENCE" : null)
        .setDetail(null)
        .setRedactedText("question " + i + " from [EMAIL]")
        .setMatcher("hybrid")
        .setScore((i % 100) / 100.0)
        .setFaqId("faq-" + (i % 20))
        .setCandidatesJson("[{\"faqId\":\"faq-" + (i % 20) + "\",\"score\":0.9}]")
        .setCitedFaqIds(llm ? List.of("faq-" + (i % 20)) : List.of())
        .setModel(llm ? "gpt-4o-mini" : null)
        .setPromptTokens(llm ? 300 + i % 50 : null)
        .setCompletionTokens(llm ? 80 + i % 20 : null)
        .setCostUsd(llm ? 0.0001 * (1 + i % 5) : null)
        .setLlmAttempts(llm ? 1 : null)
        .setLlmMillis(llm ? 400L + i % 300 : null)
        .setMatchMicros(500L + i % 1000)
        .setEndToEndMillis(5L + i % 900)
        .setStageLatenciesJson("{\"match\":" + (500 + i % 1000) + "}")
        .setRedactionCount(1)
        .setGuardFlags(i % 10 == 0 ? List.of("PROMPT_INJECTION") : List.of())
        .setReceivedAt(at(i).minusMillis(5 + i % 900))
        .setProcessedAt(at(i))
        .setProcessorVersion("0.1.0")
        .build();
  }

  public static Feedback feedback(String idPrefix, int i) {
    return Feedback.newBuilder()
        .setFeedbackId(idPrefix + "-fb-" + i)
        .setInquiryId(inquiryId(idPrefix, i))
        .setConversationId(conversationId(idPrefix, i))
        .setTenantId(tenant(i))
        .setHelpful(i % 5 != 0)
        .setRating(1 + i % 5)
        .setComment(i % 5 == 0 ? "did not help" : null)
        .setCreatedAt(at(i).plusSeconds(30))
        .build();
  }

  public static DeadLetter deadLetter(String idPrefix, int i) {
    return DeadLetter.newBuilder()
        .setDeadLetterId(idPrefix + "-dl-" + i)
        .setInquiryId(null)
        .setSourceTopic("helpdesk.inquiries")
        .setSourcePartition(0)
        .setSourceOffset(i)
        .setKey(ByteBuffer.wrap(("key-" + i).getBytes(StandardCharsets.UTF_8)))
        .setValue(ByteBuffer.wrap(new byte[] {7, 1, 2, (byte) i}))
        .setReasonCode(DeadLetterReason.DESERIALIZATION_FAILED)
        .setMessage("first byte is 0x07, expected 0x00")
        .setFailedAt(at(i))
        .build();
  }
}
