package io.ticketflow.dedupe;

import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a key-value store bounded by deleting entries older than the retention, a slice at a
 * time. The stores keyed by inquiryId are plain key-value stores rather than window stores:
 * a point lookup per record is far cheaper than a window fetch, which walks every segment (or,
 * in memory, every distinct timestamp) of the retention. Lookups check the age themselves, so
 * correctness never depends on the sweep; the sweep only reclaims space, and because each call
 * visits at most {@code batch} entries it never holds the stream thread (and its transaction)
 * for long, however large the store.
 */
public final class RetentionSweeper<V> {
  private final KeyValueStore<String, V> store;
  private final ToLongFunction<V> timestampOf;
  private final long retentionMillis;
  private final int batch;
  private final Consumer<String> deleted;
  private String cursor;
  private long added;

  public RetentionSweeper(KeyValueStore<String, V> store, ToLongFunction<V> timestampOf, long retentionMillis,
                          int batch) {
    this(store, timestampOf, retentionMillis, batch, key -> { });
  }

  /** As above; {@code deleted} is told each key the sweep deletes (e.g. to publish a tombstone). */
  public RetentionSweeper(KeyValueStore<String, V> store, ToLongFunction<V> timestampOf, long retentionMillis,
                          int batch, Consumer<String> deleted) {
    this.store = store;
    this.timestampOf = timestampOf;
    this.retentionMillis = retentionMillis;
    this.batch = batch;
    this.deleted = deleted;
  }

  /**
   * Tells the sweeper an entry was added since its last sweep. The next sweep visits at least
   * twice as many entries as were added, so that it keeps up with any rate of new entries: a full
   * pass over the store then takes at most half the retention.
   */
  public void added() {
    added++;
  }

  /**
   * Deletes expired entries among the next {@code batch} keys (or twice the entries {@link
   * #added()} since the last sweep, if more); returns how many it deleted.
   */
  public int sweep(long now) {
    long limit = Math.max(batch, 2 * added);
    added = 0;
    int visited = 0;
    int count = 0;
    String last = null;
    try (KeyValueIterator<String, V> it = cursor == null ? store.all() : store.range(cursor, null)) {
      while (it.hasNext() && visited < limit) {
        KeyValue<String, V> kv = it.next();
        visited++;
        last = kv.key;
        if (expired(timestampOf.applyAsLong(kv.value), now)) {
          store.delete(kv.key);
          this.deleted.accept(kv.key);
          count++;
        }
      }
      // Start again from the beginning once the end is reached.
      cursor = it.hasNext() ? last : null;
    }
    return count;
  }

  public boolean expired(long timestamp, long now) {
    return timestamp < now - retentionMillis;
  }

  /**
   * The time the retention is judged at for a record stamped {@code recordTime}: never ahead of
   * the processor's wall clock. Record timestamps come from the helpdesk's producers; one record
   * stamped a month ahead by a wrong clock would otherwise carry stream time past every remembered
   * inquiry, and the sweep would forget them all (redeliveries answered twice, feedback refused).
   * Its own entry is remembered at the clamped time too, so it does not outstay the retention.
   */
  public static long notAhead(long recordTime, ProcessingContext context) {
    return Math.min(recordTime, context.currentSystemTimeMs());
  }

  /**
   * The time an inquiry is remembered at, for a record stamped {@code recordTime}: the record's
   * time, but not earlier than the stream time (the latest timestamp the task has processed) nor
   * later than the wall clock ({@link #notAhead}). A record stamped further back than the
   * retention (a backlog forwarded with the messages' own times, a producer whose clock is behind)
   * would otherwise be remembered as already expired: the next sweep, which runs at stream time,
   * deletes it, so a redelivery a second later was answered again (or not, had no sweep run in
   * between) and feedback on its reply was refused.
   */
  public static long rememberedAt(long recordTime, ProcessingContext context) {
    return notAhead(Math.max(recordTime, context.currentStreamTimeMs()), context);
  }
}
