package io.ticketflow.feedback;

import io.ticketflow.route.Outcome;
import io.ticketflow.route.RouteRecords;
import io.ticketflow.route.WorkItem;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import io.ticketflow.dedupe.RetentionSweeper;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers each decided inquiry's outcome (route, tenant, FAQ id) by inquiryId, so that
 * feedback can be joined to it. Feedback is keyed by conversationId like inquiries, so it arrives
 * on the same partition and task and the lookup is local: no repartition, no join of the whole
 * audit topic. Entries expire with the dedupe retention.
 */
public final class RememberOutcomeProcessor implements FixedKeyProcessor<String, WorkItem, WorkItem> {
  private final String storeName;
  private final Duration retention;
  private FixedKeyProcessorContext<String, WorkItem> context;
  private KeyValueStore<String, String> outcomes;

  public RememberOutcomeProcessor(String storeName, Duration retention) {
    this.storeName = storeName;
    this.retention = retention;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, WorkItem> context) {
    this.context = context;
    this.outcomes = context.getStateStore(storeName);
    RetentionSweeper<String> sweeper = new RetentionSweeper<>(outcomes,
        v -> RememberedOutcome.decode(v).decidedAt(), retention.toMillis(), 10_000);
    context.schedule(Duration.ofSeconds(10), PunctuationType.STREAM_TIME, sweeper::sweep);
  }

  @Override
  public void process(FixedKeyRecord<String, WorkItem> record) {
    WorkItem item = record.value();
    Outcome o = item.outcome();
    if (o instanceof Outcome.Answered || o instanceof Outcome.Escalated) {
      String faqId = o instanceof Outcome.Answered a ? a.faqId() : ((Outcome.Escalated) o).suggestedFaqId();
      RememberedOutcome remembered = new RememberedOutcome(RouteRecords.route(o), item.inquiry().getTenantId(), faqId,
          record.timestamp());
      outcomes.put(item.inquiryId(), remembered.encode());
    }
    context.forward(record);
  }
}
