package io.ticketflow.feedback;

import io.ticketflow.route.Outcome;
import io.ticketflow.route.RouteRecords;
import io.ticketflow.route.WorkItem;
import io.ticketflow.schema.AuditRecord;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Remembers each decided inquiry's outcome (route, FAQ id, redacted text) by inquiryId, so that
 * feedback can be joined to it. Feedback is keyed by conversationId like inquiries, so it arrives
 * on the same partition and task and the lookup is local: no repartition, no join of the whole
 * audit topic. Entries expire with the dedupe retention (window store).
 */
public final class RememberOutcomeProcessor implements FixedKeyProcessor<String, WorkItem, WorkItem> {
  private final String storeName;
  private FixedKeyProcessorContext<String, WorkItem> context;
  private WindowStore<String, AuditRecord> outcomes;

  public RememberOutcomeProcessor(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, WorkItem> context) {
    this.context = context;
    this.outcomes = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, WorkItem> record) {
    WorkItem item = record.value();
    Outcome o = item.outcome();
    if (o instanceof Outcome.Answered || o instanceof Outcome.Escalated) {
      AuditRecord.Builder slim = AuditRecord.newBuilder()
          .setInquiryId(item.inquiryId())
          .setConversationId(item.inquiry().getConversationId())
          .setTenantId(item.inquiry().getTenantId())
          .setRoute(RouteRecords.route(o))
          .setRedactedText(item.guard() == null ? null : item.guard().redactedText())
          .setProcessedAt(Instant.ofEpochMilli(record.timestamp()))
          .setProcessorVersion("");
      if (o instanceof Outcome.Answered a) {
        slim.setFaqId(a.faqId());
      } else {
        Outcome.Escalated e = (Outcome.Escalated) o;
        slim.setReason(e.reason().name()).setFaqId(e.suggestedFaqId());
      }
      outcomes.put(item.inquiryId(), slim.build(), record.timestamp());
    }
    context.forward(record);
  }
}
