package io.ticketflow.faq;

import io.ticketflow.decode.Decoder;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.schema.FaqEntry;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global FAQ store and the {@link FaqMatcher} in step with the compacted FAQ topic
 * (key {@code tenantId/faqId}): an entry is upserted, a tombstone removes it, and the change is
 * visible to the next inquiry without a restart. On {@link #init} the matcher is rebuilt from the
 * store, which Streams restores from the topic before processors start.
 *
 * <p>The store holds the topic's raw bytes, so restoring it (which copies bytes) and processing
 * agree. A global processor cannot forward, so an undecodable FAQ record cannot go to the DLQ:
 * it is logged with its position and counted ({@code ticketflow.faq.updates{operation=invalid}}).
 */
public final class FaqStoreProcessor implements Processor<String, byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(FaqStoreProcessor.class);
  private final String storeName;
  private final Decoder<FaqEntry> decoder;
  private final FaqMatcher matcher;
  private final PipelineMetrics metrics;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, byte[]> store;

  public FaqStoreProcessor(String storeName, Decoder<FaqEntry> decoder, FaqMatcher matcher, PipelineMetrics metrics) {
    this.storeName = storeName;
    this.decoder = decoder;
    this.matcher = matcher;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    int loaded = 0;
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> kv = all.next();
        Decoder.Result<FaqEntry> entry = decoder.decode("faq-store", kv.value);
        if (entry.ok() && apply(() -> matcher.upsert(entry.value()), kv.key)) {
          loaded++;
        }
      }
    }
    LOG.info("FAQ matcher {} loaded {} entries from the global store", matcher.name(), loaded);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String key = record.key();
    if (key == null) {
      invalid("null key", null);
      return;
    }
    if (record.value() == null) {
      store.delete(key);
      int slash = key.indexOf('/');
      if (slash > 0 && apply(() -> matcher.remove(key.substring(0, slash), key.substring(slash + 1)), key)) {
        metrics.faqUpdate("remove");
      }
      return;
    }
    String topic = context.recordMetadata().map(m -> m.topic()).orElse("faq");
    Decoder.Result<FaqEntry> entry = decoder.decode(topic, record.value());
    if (!entry.ok()) {
      invalid(entry.error(), key);
      return;
    }
    store.put(key, record.value());
    if (apply(() -> matcher.upsert(entry.value()), key)) {
      metrics.faqUpdate("upsert");
    }
  }

  /**
   * Runs a matcher update. A global thread that throws takes the whole client down (it cannot be
   * replaced like a stream thread), so an entry the matcher cannot take is logged and counted,
   * and the matcher keeps serving the entries it has.
   */
  private boolean apply(Runnable update, String key) {
    try {
      update.run();
      return true;
    } catch (RuntimeException e) {
      metrics.faqUpdate("failed");
      LOG.error("FAQ matcher {} failed to apply FAQ record {}; the entry is not matched", matcher.name(), key, e);
      return false;
    }
  }

  private void invalid(String why, String key) {
    metrics.faqUpdate("invalid");
    LOG.warn("Ignoring FAQ record {} at {}: {}", key,
        context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?"), why);
  }
}
