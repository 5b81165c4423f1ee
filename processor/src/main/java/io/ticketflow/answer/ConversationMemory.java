package io.ticketflow.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketflow.dedupe.RetentionSweeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The last turns of each conversation (customer's redacted text, our reply), in a changelogged
 * store keyed by tenant and conversationId (the caller's key): bounded to {@code maxTurns} and forgotten {@code ttl} after the
 * conversation's last turn.
 */
final class ConversationMemory {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Conversations {@link #expire} visits per call. */
  static final int SWEEP_BATCH = 2_000;
  private final KeyValueStore<String, byte[]> store;
  private final RetentionSweeper<byte[]> sweeper;
  private final int maxTurns;
  private final Duration ttl;

  ConversationMemory(KeyValueStore<String, byte[]> store, int maxTurns, Duration ttl) {
    this.store = store;
    this.sweeper = new RetentionSweeper<>(store, bytes -> read(bytes).path("updatedAt").asLong(), ttl.toMillis(),
        SWEEP_BATCH);
    this.maxTurns = maxTurns;
    this.ttl = ttl;
  }

  List<PromptBuilder.Turn> turns(String conversationId, long now) {
    byte[] bytes = store.get(conversationId);
    List<PromptBuilder.Turn> turns = new ArrayList<>();
    if (bytes == null) {
      return turns;
    }
    JsonNode node = read(bytes);
    if (now - node.path("updatedAt").asLong() > ttl.toMillis()) {
      store.delete(conversationId);
      return turns;
    }
    node.path("turns").forEach(t -> turns.add(new PromptBuilder.Turn(t.path("c").asBoolean(), t.path("t").asText())));
    return turns;
  }

  void add(String conversationId, String customerText, String reply, long now) {
    if (maxTurns == 0) {
      return;
    }
    List<PromptBuilder.Turn> turns = turns(conversationId, now);
    turns.add(new PromptBuilder.Turn(true, customerText));
    if (reply != null) {
      turns.add(new PromptBuilder.Turn(false, reply));
    }
    List<PromptBuilder.Turn> kept = turns.subList(Math.max(0, turns.size() - maxTurns), turns.size());
    ObjectNode node = JSON.createObjectNode();
    node.put("updatedAt", now);
    ArrayNode array = node.putArray("turns");
    kept.forEach(t -> array.addObject().put("c", t.fromCustomer()).put("t", t.text()));
    try {
      store.put(conversationId, JSON.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes conversations idle for longer than the TTL among the next slice of the store; returns
   * how many. A slice at a time ({@link RetentionSweeper}), so a large store never holds the stream
   * thread, and its transaction, for long; {@link #turns} checks the age itself anyway.
   */
  int expire(long now) {
    return sweeper.sweep(now);
  }

  private static JsonNode read(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
