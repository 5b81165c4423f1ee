package io.ticketflow.faq;

import io.ticketflow.decode.Decoder;
import io.ticketflow.match.FaqMatcher;
import io.ticketflow.ops.PipelineMetrics;
import io.ticketflow.route.Origin;
import io.ticketflow.route.Outcome;
import io.ticketflow.schema.DeadLetterReason;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.validate.InquiryValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
 * visible to the next inquiry without a restart. On {@link #init} the matcher is loaded from the
 * store in one bulk update.
 *
 * <p>At start-up Streams restores the in-memory store by passing the topic's records through an
 * instance of this processor of its own, before the serving instance's {@link #init}. While {@link
 * FaqRestore} says so, a record only fills the store, and its topic position is noted; the serving
 * instance then loads the matcher once (restored entries are not counted as upserts in {@code
 * ticketflow.faq.updates}). The store holds the topic's raw bytes.
 *
 * <p>A bad FAQ record (no key, undecodable, a required field blank, or refused by the matcher) is
 * logged, counted ({@code ticketflow.faq.updates{operation=invalid|failed}}) and handed to {@link
 * FaqRejects}: a global processor cannot forward, so a stream task produces its dead letter. A
 * record with a key still on the topic is rejected again at every start, with its topic position,
 * so its dead letter keeps the key of the first one (the restore skips records without a key).
 * An undecodable or incomplete record under the key of an entry removes that entry: the topic's
 * latest record for a key decides, as it will once compaction has removed the older ones.
 */
public final class FaqStoreProcessor implements Processor<String, byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(FaqStoreProcessor.class);
  private final String storeName;
  private final Decoder<FaqEntry> decoder;
  private final FaqMatcher matcher;
  private final PipelineMetrics metrics;
  private final FaqRejects rejects;
  private final Duration warmUp;
  private final FaqRestore restore;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, byte[]> store;

  /**
   * @param warmUp how long the matcher may {@linkplain FaqMatcher#warmUp warm up} after loading the
   *     store at start-up (Streams starts the stream threads only once this processor is initialized,
   *     so no inquiry waits for it); zero: no warm-up
   * @param restore whether Streams is restoring the store, when records only fill it
   */
  public FaqStoreProcessor(String storeName, Decoder<FaqEntry> decoder, FaqMatcher matcher, PipelineMetrics metrics,
                           FaqRejects rejects, Duration warmUp, FaqRestore restore) {
    this.restore = restore;
    this.rejects = rejects;
    this.warmUp = warmUp;
    this.storeName = storeName;
    this.decoder = decoder;
    this.matcher = matcher;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    Map<String, FaqEntry> stored = new LinkedHashMap<>();
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> kv = all.next();
        Decoder.Result<FaqEntry> entry = decoder.decode("faq-store", kv.value);
        // Only valid entries are stored now; a store kept from an earlier version of the
        // processor may still hold invalid ones (those were only logged then).
        if (entry.ok() && missingField(entry.value()) == null && idProblem(kv.key, entry.value()).isEmpty()) {
          stored.put(kv.key, entry.value());
        }
      }
    }
    if (stored.isEmpty() && !restore.restoredOnce()) {
      // Streams' own instance for the restore, initialized before it (or a test driver's, which
      // restores nothing): no "loaded 0 entries" ahead of the serving instance's line.
      return;
    }
    LOG.info("FAQ matcher {} loaded {} entries from the global store", matcher.name(), load(stored));
    restore.loaded();
    if (!stored.isEmpty() && !warmUp.isZero()) {
      warmUpMatcher();
    }
  }

  /** A warm-up that fails costs the first inquiries some latency, nothing else: logged, not thrown. */
  private void warmUpMatcher() {
    long start = System.nanoTime();
    try {
      int matches = matcher.warmUp(warmUp);
      if (matches > 0) {
        LOG.info("FAQ matcher {} warmed up with {} matches in {} ms", matcher.name(), matches,
            (System.nanoTime() - start) / 1_000_000);
      }
    } catch (RuntimeException e) {
      LOG.warn("FAQ matcher {} failed to warm up; the first inquiries may be slower", matcher.name(), e);
    }
  }

  /**
   * Loads the stored entries in one bulk update: the hybrid matcher embeds all of a tenant's
   * wordings in shared batches, over twice as fast as entry by entry for FAQs of short entries.
   * If the bulk update fails, the entries are applied one by one, so that one entry the matcher
   * cannot take is logged and counted and the others are still matched.
   */
  private int load(Map<String, FaqEntry> stored) {
    if (stored.isEmpty()) {
      return 0;
    }
    try {
      matcher.upsertAll(stored.values());
      return stored.size();
    } catch (RuntimeException e) {
      LOG.warn("FAQ matcher {} could not load the {} stored entries at once ({}); loading them one by one",
          matcher.name(), stored.size(), e.toString());
    }
    int loaded = 0;
    for (Map.Entry<String, FaqEntry> e : stored.entrySet()) {
      if (apply(() -> matcher.upsert(e.getValue()), e.getKey(), restoredOrigin(e.getKey()))) {
        loaded++;
      }
    }
    return loaded;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String key = record.key();
    if (key == null) {
      invalid(record, DeadLetterReason.MISSING_FIELD, "FAQ record without a key (tenantId/faqId)");
      return;
    }
    if (record.value() == null) {
      remove(key, record);
      return;
    }
    String topic = context.recordMetadata().map(m -> m.topic()).orElse("faq");
    Decoder.Result<FaqEntry> entry = decoder.decode(topic, record.value());
    if (!entry.ok()) {
      invalid(record, DeadLetterReason.DESERIALIZATION_FAILED, entry.error());
      removeReplaced(key, record);
      return;
    }
    String missing = missingField(entry.value());
    Optional<Outcome.Rejected> badId = missing != null ? Optional.empty() : idProblem(key, entry.value());
    if (missing != null || badId.isPresent()) {
      invalid(record, missing != null ? DeadLetterReason.MISSING_FIELD : badId.get().reason(),
          "FAQ entry " + key + (missing != null ? " has no " + missing : ": " + badId.get().message()));
      removeReplaced(key, record);
      return;
    }
    store.put(key, record.value());
    if (restore.restoring()) {
      Origin at = origin(record);
      restore.restored(key, new FaqRestore.Position(at.topic(), at.partition(), at.offset(), at.timestamp()));
      return;
    }
    if (apply(() -> matcher.upsert(entry.value()), key, origin(record))) {
      metrics.faqUpdate("upsert");
    }
  }

  /** A tombstone: the entry under {@code key} goes. */
  private void remove(String key, Record<String, byte[]> record) {
    store.delete(key);
    if (restore.restoring()) {
      restore.deleted(key);
      return;
    }
    int slash = key.indexOf('/');
    if (slash > 0 && apply(() -> matcher.remove(key.substring(0, slash), key.substring(slash + 1)), key, origin(record))) {
      metrics.faqUpdate("remove");
    }
  }

  /**
   * The latest record of a key decides its entry, as compaction will: an invalid record that
   * replaces a valid one removes the entry (its dead letter says why), so that running processors
   * and ones that rebuild their store from the compacted topic later answer alike.
   */
  private void removeReplaced(String key, Record<String, byte[]> record) {
    if (store.get(key) == null) {
      return;
    }
    if (!restore.restoring()) {
      LOG.warn("FAQ entry {} is removed: its latest record is invalid (dead-lettered); publish a valid one to restore it",
          key);
    }
    remove(key, record);
  }

  /**
   * Runs a matcher update. A global thread that throws takes the whole client down (it cannot be
   * replaced like a stream thread), so an entry the matcher cannot take is logged and counted,
   * and the matcher keeps serving the entries it has; the record from {@code origin} is
   * dead-lettered.
   */
  private boolean apply(Runnable update, String key, Origin origin) {
    try {
      update.run();
      return true;
    } catch (RuntimeException e) {
      metrics.faqUpdate("failed");
      LOG.error("FAQ matcher {} failed to apply FAQ record {}; it keeps the entry as it was (none, if new)",
          matcher.name(), key, e);
      rejects.add(new FaqRejects.Reject(origin, DeadLetterReason.PROCESSING_FAILED,
          "FAQ matcher " + matcher.name() + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
      return false;
    }
  }

  /** The first required field that is missing or blank, else null. */
  static String missingField(FaqEntry e) {
    if (blank(e.getTenantId())) {
      return "tenantId";
    } else if (blank(e.getId())) {
      return "id";
    } else if (blank(e.getQuestion())) {
      return "question";
    } else if (blank(e.getAnswer())) {
      return "answer";
    }
    return null;
  }

  /**
   * Why the entry cannot be stored under {@code key}: its tenantId or id cannot serve as one (see
   * {@link InquiryValidator#idProblem}; a tenantId must not hold '/', which separates tenant and id
   * in the FAQ topic's keys), or the key is not its {@code tenantId/id} (OTHER). The matcher files
   * an entry under the tenant and id it holds, a tombstone removes the key's: a record keyed {@code
   * acme/hours} holding globex's entry would answer globex's customers and outlive its tombstone.
   */
  static Optional<Outcome.Rejected> idProblem(String key, FaqEntry e) {
    String tenant = e.getTenantId().toString();
    if (tenant.indexOf('/') >= 0) {
      return Optional.of(new Outcome.Rejected(DeadLetterReason.INVALID_TEXT,
          "tenantId holds '/', which separates tenant and id in the FAQ topic's keys"));
    }
    Optional<Outcome.Rejected> problem = InquiryValidator.idProblem("tenantId", tenant);
    if (problem.isEmpty()) {
      problem = InquiryValidator.idProblem("id", e.getId().toString());
    }
    String expected = Topics.faqKey(tenant, e.getId().toString());
    if (problem.isEmpty() && !expected.equals(key)) {
      problem = Optional.of(new Outcome.Rejected(DeadLetterReason.OTHER,
          "the record's key is not its entry's tenantId/id " + expected));
    }
    return problem;
  }

  /** Blank as an inquiry's fields are: also an answer of zero-width or no-break spaces shows nothing. */
  private static boolean blank(CharSequence s) {
    return s == null || InquiryValidator.isBlank(s.toString());
  }

  private void invalid(Record<String, byte[]> record, DeadLetterReason reason, String why) {
    metrics.faqUpdate("invalid");
    Origin origin = origin(record);
    LOG.warn("Dead-lettering FAQ record {} at {}: {}", record.key(), origin.id(), why);
    rejects.add(new FaqRejects.Reject(origin, reason, why));
  }

  /**
   * A stored entry's source, for its dead letter at start-up: where the restore found it on the topic
   * (a record refused again after a restart has the dead letter's key of its first refusal), or, for
   * an entry in a store that was not restored through this processor, the store.
   */
  private Origin restoredOrigin(String key) {
    byte[] value = store.get(key);
    FaqRestore.Position at = restore.position(key);
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    return at == null ? new Origin("faq", -1, -1, keyBytes, value, -1)
        : new Origin(at.topic(), at.partition(), at.offset(), keyBytes, value, at.timestamp());
  }

  private Origin origin(Record<String, byte[]> record) {
    byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    return context.recordMetadata()
        .map(m -> new Origin(m.topic(), m.partition(), m.offset(), key, record.value(), record.timestamp()))
        .orElseGet(() -> new Origin("faq", -1, -1, key, record.value(), record.timestamp()));
  }
}
