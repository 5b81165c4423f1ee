package io.ticketflow.feedback;

import io.ticketflow.route.Outcome;
import io.ticketflow.route.RouteRecords;
import io.ticketflow.route.WorkItem;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers each decided inquiry's outcome (route, tenant, FAQ id) by inquiryId, so that
 * feedback can be joined to it. Feedback is keyed by conversationId like inquiries, so it arrives
 * on the same partition and task and the lookup is local: no repartition, no join of the whole
 * audit topic. The entry is the one dedupe wrote when the inquiry was first seen (same store,
 * same first-seen time), now with its outcome; the dedupe stage sweeps expired entries.
 */
public final class RememberOutcomeProcessor implements FixedKeyProcessor<String, WorkItem, WorkItem> {
  private final String storeName;
  private FixedKeyProcessorContext<String, WorkItem> context;
  private KeyValueStore<String, String> outcomes;

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
      String faqId = o instanceof Outcome.Answered a ? a.faqId() : ((Outcome.Escalated) o).suggestedFaqId();
      // The record's timestamp is the one dedupe stored as first seen: only a first delivery is decided.
      RememberedOutcome remembered = new RememberedOutcome(RouteRecords.route(o), item.inquiry().getTenantId(), faqId,
          record.timestamp());
      outcomes.put(item.inquiryId(), remembered.encode());
    }
    context.forward(record);
  }
}
