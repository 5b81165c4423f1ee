package io.ticketflow.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Fans feed events out to server-sent-event clients as JSON lines. Keeps the last {@link #RECENT}
 * so a page opened late still shows recent traffic; a slow client's queue is bounded and drops
 * its oldest events rather than holding the feed thread.
 */
final class EventStream implements Consumer<FeedEvent> {
  static final int RECENT = 200;
  private static final int CLIENT_QUEUE = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Deque<String> recent = new ArrayDeque<>();
  private final List<BlockingQueue<String>> clients = new CopyOnWriteArrayList<>();

  @Override
  public void accept(FeedEvent e) {
    String json = toJson(e);
    // Under the same lock as subscribing: a client subscribing in between would otherwise get
    // this event twice, from the recent ones and from the fan-out.
    synchronized (recent) {
      recent.addLast(json);
      if (recent.size() > RECENT) {
        recent.removeFirst();
      }
      for (BlockingQueue<String> q : clients) {
        while (!q.offer(json)) {
          q.poll();
        }
      }
    }
  }

  static String toJson(FeedEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", e.kind().name());
    m.put("inquiryId", e.inquiryId());
    m.putAll(e.fields());
    try {
      return JSON.writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException("cannot write a feed event as JSON", ex);
    }
  }

  /** A new client's queue, pre-filled with the recent events. */
  BlockingQueue<String> subscribe() {
    return subscribe(Integer.MAX_VALUE);
  }

  /**
   * A new client's queue, pre-filled with the recent events; null when {@code max} clients are
   * subscribed (counted and taken at once: clients connecting together cannot all pass the count).
   */
  BlockingQueue<String> subscribe(int max) {
    BlockingQueue<String> q = new LinkedBlockingQueue<>(CLIENT_QUEUE);
    synchronized (recent) {
      if (clients.size() >= max) {
        return null;
      }
      q.addAll(new ArrayList<>(recent));
      clients.add(q);
    }
    return q;
  }

  /** Subscribers now. */
  int clients() {
    return clients.size();
  }

  void unsubscribe(BlockingQueue<String> q) {
    clients.remove(q);
  }
}
