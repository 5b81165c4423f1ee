package io.ticketflow.feedback;

import io.ticketflow.dedupe.RetentionSweeper;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.RouteRecords;
import io.ticketflow.route.WorkItem;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers each inquiry by inquiryId: as seen, then with its outcome (route, tenant, FAQ id), so
 * that dedupe recognises a redelivery and feedback can be joined to the outcome. Feedback is keyed
 * by conversationId like inquiries, so it arrives on the same partition and task and the lookup
 * is local: no repartition, no join of the whole audit topic.
 *
 * <p>Two nodes of this class, around the answer stage, so that an inquiry decided before it (the
 * FAQ path) costs one store write and one changelog record: {@link #beforeAnswer} writes the
 * outcome of a decided item, or "seen" for one going to the answer stage (so that a redelivery
 * while its LLM call is pending is a duplicate); {@link #afterAnswer} writes the outcome the
 * answer stage decided, for entries still marked seen. Dedupe only reads; it runs in the same
 * {@code process()} call as the first node, so nothing can come between its read and this write.
 */
public final class RememberOutcomeProcessor implements FixedKeyProcessor<String, WorkItem, WorkItem> {
  private final String storeName;
  private final boolean afterAnswer;
  private FixedKeyProcessorContext<String, WorkItem> context;
  private KeyValueStore<String, String> outcomes;

  private RememberOutcomeProcessor(String storeName, boolean afterAnswer) {
    this.storeName = storeName;
    this.afterAnswer = afterAnswer;
  }

  public static RememberOutcomeProcessor beforeAnswer(String storeName) {
    return new RememberOutcomeProcessor(storeName, false);
  }

  public static RememberOutcomeProcessor afterAnswer(String storeName) {
    return new RememberOutcomeProcessor(storeName, true);
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
    // The record's timestamp is the first delivery's: a redelivery is a Duplicate, never decided.
    if (o instanceof Outcome.Answered || o instanceof Outcome.Escalated) {
      if (!afterAnswer || !alreadyDecided(item.inquiryId())) {
        String faqId = o instanceof Outcome.Answered a ? a.faqId() : ((Outcome.Escalated) o).suggestedFaqId();
        outcomes.put(item.inquiryId(), new RememberedOutcome(RouteRecords.route(o), item.inquiry().getTenantId(), faqId,
            RetentionSweeper.rememberedAt(record.timestamp(), context)).encode());
      }
    } else if (o == null && !afterAnswer) {
      outcomes.put(item.inquiryId(), RememberedOutcome.seen(RetentionSweeper.rememberedAt(record.timestamp(), context))
          .encode());
    }
    context.forward(record);
  }

  private boolean alreadyDecided(String inquiryId) {
    String stored = outcomes.get(inquiryId);
    return stored != null && RememberedOutcome.decode(stored).decided();
  }
}
