package io.ticketflow.testing;

import io.ticketflow.schema.Channel;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.Feedback;
import io.ticketflow.schema.Inquiry;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders for test records with sensible defaults. */
public final class Inquiries {
  public static final String TENANT = "acme";

  private Inquiries() {}

  public static Inquiry inquiry(String id, String conversation, String text) {
    return Inquiry.newBuilder()
        .setInquiryId(id)
        .setConversationId(conversation)
        .setTenantId(TENANT)
        .setChannel(Channel.WEB_CHAT)
        .setCustomerId("cust-" + conversation)
        .setLanguage(null)
        .setText(text)
        .setReceivedAt(Instant.now())
        .setMetadata(Map.of())
        .build();
  }

  public static FaqEntry faq(String id, String question, String answer, String... alternates) {
    return FaqEntry.newBuilder()
        .setId(id)
        .setTenantId(TENANT)
        .setQuestion(question)
        .setAlternates(List.of(alternates))
        .setAnswer(answer)
        .setLanguage(null)
        .setTags(List.of())
        .setUpdatedAt(Instant.now())
        .build();
  }

  public static Feedback feedback(String feedbackId, String inquiryId, String conversation, Boolean helpful) {
    return Feedback.newBuilder()
        .setFeedbackId(feedbackId)
        .setInquiryId(inquiryId)
        .setConversationId(conversation)
        .setTenantId(TENANT)
        .setHelpful(helpful)
        .setCreatedAt(Instant.now())
        .build();
  }
}
