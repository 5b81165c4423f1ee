package io.ticketflow.schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records with every field set, shared by the schema module's tests. */
public final class Fixtures {
  private Fixtures() {}

  public static Inquiry inquiry() {
    return Inquiry.newBuilder()
        .setInquiryId("i1")
        .setConversationId("c1")
        .setTenantId("t")
        .setChannel(Channel.EMAIL)
        .setCustomerId(null)
        .setLanguage("en")
        .setText("hi")
        .setReceivedAt(Instant.ofEpochMilli(1000))
        .setMetadata(Map.of())
        .build();
  }

  public static Reply reply() {
    return Reply.newBuilder()
        .setInquiryId("inq-42")
        .setConversationId("conv-7")
        .setTenantId("acme")
        .setChannel(Channel.WEB_CHAT)
        .setCustomerId("cust-1")
        .setText("您可以在订单页面申请退款。")
        .setLanguage("zh")
        .setSource(ReplySource.FAQ)
        .setFaqId("refund-policy")
        .setCitedFaqIds(List.of("refund-policy", "returns"))
        .setConfidence(0.93)
        .setCreatedAt(Instant.parse("2026-11-26T10:15:30.123Z"))
        .build();
  }
}
