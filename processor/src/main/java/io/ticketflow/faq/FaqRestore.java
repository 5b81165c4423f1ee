package io.ticketflow.faq;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Tells the {@link FaqStoreProcessor} whether Streams is restoring the global FAQ store. The store is
 * in memory, so Streams rebuilds it from the FAQ topic at every start, and it does so by passing each
 * record through a {@code FaqStoreProcessor} of its own (a global store with a processor is restored
 * by reprocessing). Those records need only fill the store: the processor that serves afterwards
 * loads the whole store into the matcher in one bulk update, which embeds a tenant's wordings in
 * shared batches. Updating the matcher record by record during the restore as well would embed each
 * entry on its own first, more than twice the work for a large FAQ (docs/benchmarks.md).
 *
 * <p>Registered as the client's global state restore listener ({@code
 * KafkaStreams#setGlobalStateRestoreListener}); for the FAQ store Streams calls it on the global
 * thread before and after it restores each partition, the thread that calls the processor. It also
 * calls it for the stream tasks' stores, on their threads; those calls change nothing here.
 */
public final class FaqRestore implements StateRestoreListener {
  private final String storeName;
  private volatile boolean restoring;
  private volatile boolean restoredOnce;
  /** Where each restored entry is on the topic, until the serving processor has loaded them. */
  private final Map<String, Position> positions = new ConcurrentHashMap<>();

  /** A record's place on the FAQ topic, for the dead letter of an entry the matcher refuses. */
  record Position(String topic, int partition, long offset, long timestamp) {}

  public FaqRestore(String storeName) {
    this.storeName = storeName;
  }

  /** Whether the records the FAQ store processor sees now are the store's restore, not live updates. */
  boolean restoring() {
    return restoring;
  }

  void restored(String key, Position position) {
    positions.put(key, position);
  }

  void deleted(String key) {
    positions.remove(key);
  }

  /** Where the restore found the entry under {@code key}; null if it did not restore it. */
  Position position(String key) {
    return positions.get(key);
  }

  /** Whether a restore of the FAQ store has finished in this client (the serving processor's init comes after it). */
  boolean restoredOnce() {
    return restoredOnce;
  }

  /** Called once the serving processor has loaded the restored entries. */
  void loaded() {
    positions.clear();
  }

  @Override
  public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
    if (storeName.equals(store)) {
      restoring = true;
    }
  }

  @Override
  public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    if (storeName.equals(store)) {
      restoring = false;
      restoredOnce = true;
    }
  }
}
