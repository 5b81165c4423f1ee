package io.ticketflow.ops;

import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.Reply;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One output record as the console, {@code ask} and the demo see it: what kind, which inquiry,
 * and its fields as a flat map (ready for JSON). Built from the Avro records so callers need no
 * Avro types.
 */
public record FeedEvent(Kind kind, String inquiryId, Map<String, Object> fields) {

  /** Which output topic the record came from. */
  public enum Kind { REPLY, ESCALATION, AUDIT, DEAD_LETTER }

  public static FeedEvent of(Reply r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenantId", r.getTenantId());
    m.put("conversationId", r.getConversationId());
    m.put("source", r.getSource().name());
    m.put("text", r.getText());
    m.put("faqId", r.getFaqId());
    m.put("confidence", r.getConfidence());
    m.put("language", r.getLanguage());
    return new FeedEvent(Kind.REPLY, r.getInquiryId(), m);
  }

  public static FeedEvent of(Escalation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenantId", e.getTenantId());
    m.put("conversationId", e.getConversationId());
    m.put("reason", e.getReason().name());
    m.put("detail", e.getDetail());
    m.put("suggestedFaqId", e.getSuggestedFaqId());
    return new FeedEvent(Kind.ESCALATION, e.getInquiryId(), m);
  }

  public static FeedEvent of(AuditRecord a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tenantId", a.getTenantId());
    m.put("route", a.getRoute().name());
    m.put("reason", a.getReason());
    m.put("detail", a.getDetail());
    m.put("score", a.getScore());
    m.put("faqId", a.getFaqId());
    m.put("matcher", a.getMatcher());
    // The redacted text only: the feed never shows what the guard removed.
    m.put("redactedText", a.getRedactedText());
    m.put("redactionCount", a.getRedactionCount());
    m.put("guardFlags", a.getGuardFlags().stream().map(String::valueOf).toList());
    m.put("model", a.getModel());
    m.put("promptTokens", a.getPromptTokens());
    m.put("completionTokens", a.getCompletionTokens());
    m.put("costUsd", a.getCostUsd());
    m.put("endToEndMillis", a.getEndToEndMillis());
    m.put("processedAt", a.getProcessedAt() == null ? null : a.getProcessedAt().toString());
    return new FeedEvent(Kind.AUDIT, a.getInquiryId(), m);
  }

  public static FeedEvent of(DeadLetter d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deadLetterId", d.getDeadLetterId());
    m.put("reasonCode", d.getReasonCode().name());
    m.put("message", d.getMessage());
    m.put("sourceTopic", d.getSourceTopic());
    return new FeedEvent(Kind.DEAD_LETTER, d.getInquiryId() == null ? d.getDeadLetterId() : d.getInquiryId(), m);
  }

  public String string(String field) {
    Object v = fields.get(field);
    return v == null ? null : v.toString();
  }

  public Double number(String field) {
    return fields.get(field) instanceof Number n ? n.doubleValue() : null;
  }
}
