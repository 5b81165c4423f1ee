package io.ticketflow.answer;

import io.ticketflow.route.Outcome;
import io.ticketflow.route.WorkItem;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers with the LLM inside the Streams task without blocking its thread (docs/llm-answering.md).
 *
 * <p>Each conversation has a FIFO queue in a changelogged store. For an undecided item at the head
 * of its queue this thread prepares a model call, which {@link CallSlots} starts as soon as one of
 * the instance's {@code max-in-flight} slots is free — also from the thread of a call that just
 * finished, so slots do not idle while this thread commits. Items behind the head — decided or not
 * — wait, so a conversation's outputs keep their order and its next question sees the previous
 * answer as memory. Completed calls are picked up by a wall-clock punctuator on the stream thread,
 * which forwards the outcome and pops the queue, so the output records and the store change commit
 * in the same transaction. After a crash or rebalance the
 * store is restored and {@link #init} re-issues the call of every queue head: an answer that was
 * received but not committed costs a second call, never a lost or duplicated output.
 */
final class LlmAnswerProcessor implements Processor<String, WorkItem, String, WorkItem> {
  private static final Logger LOG = LoggerFactory.getLogger(LlmAnswerProcessor.class);
  private static final Duration POLL = Duration.ofMillis(20);
  /**
   * How long one record may wait for completions when the task is full. Far below the exactly-once
   * transaction timeout (Streams' default 10 s), since nothing commits while the thread waits and
   * a transaction open past it is aborted by the broker (then every pending call is issued again).
   */
  /** How often a slice of the conversation memory is swept for expired conversations. */
  private static final Duration MEMORY_SWEEP = Duration.ofSeconds(10);
  static final Duration MAX_BACKPRESSURE_WAIT = Duration.ofSeconds(2);
  /** Length of the day part of a spend store key ({@code yyyy-MM-dd/tenant}). */
  static final int DAY_LENGTH = "yyyy-MM-dd".length();

  private final LlmAnswering answering;
  private final CallSlots slots;
  private final String queueStoreName;
  private final String memoryStoreName;
  private final String spendStoreName;
  private final int maxPending;
  private final int historyTurns;
  private final Duration historyTtl;

  private ProcessorContext<String, WorkItem> context;
  private KeyValueStore<String, byte[]> queueStore;
  /** {@code yyyy-MM-dd/tenant} -> "tokens usd" this task spent that (UTC) day. */
  private KeyValueStore<String, String> spendStore;
  private String task;
  private ConversationMemory memory;
  private final Map<String, ConversationQueue> queues = new HashMap<>();
  private final Set<String> waitingForSlot = new LinkedHashSet<>();
  /** Calls of this task's conversations, submitted and not yet taken back by {@link #complete}. */
  private final Map<String, CallSlots.Call<LlmAnswering.Result>> inFlight = new HashMap<>();
  /**
   * Calls that have ended, with their conversation. A call is acted on only while it is the one in
   * {@link #inFlight}: a call issued before Streams closed and re-initialized this processor (a
   * task revived after an aborted transaction, or resumed) reports here too, and is ignored.
   */
  private final LinkedBlockingQueue<Ended> completed = new LinkedBlockingQueue<>();
  /** Conversations whose queue changed and is not yet written to the store. */
  private final Set<String> unsaved = new LinkedHashSet<>();
  private int pending;

  private record Ended(String conversation, CallSlots.Call<LlmAnswering.Result> call) {}

  /** One conversation's waiting items and how often its head's call was issued. */
  private static final class ConversationQueue {
    final Deque<WorkItem> items = new ArrayDeque<>();
    int issued;
  }

  LlmAnswerProcessor(LlmAnswering answering, CallSlots slots, String queueStoreName, String memoryStoreName,
      String spendStoreName, int maxPending, int historyTurns, Duration historyTtl) {
    this.answering = answering;
    this.slots = slots;
    this.queueStoreName = queueStoreName;
    this.memoryStoreName = memoryStoreName;
    this.spendStoreName = spendStoreName;
    this.maxPending = maxPending;
    this.historyTurns = historyTurns;
    this.historyTtl = historyTtl;
  }

  @Override
  public void init(ProcessorContext<String, WorkItem> context) {
    this.context = context;
    // Streams may close this instance and initialize it again (a task revived after an aborted
    // transaction, whose stores are rolled back, or resumed): start from the stores alone.
    queues.clear();
    waitingForSlot.clear();
    inFlight.clear();
    completed.clear();
    unsaved.clear();
    pending = 0;
    this.queueStore = context.getStateStore(queueStoreName);
    this.memory = new ConversationMemory(context.getStateStore(memoryStoreName), historyTurns, historyTtl);
    this.spendStore = context.getStateStore(spendStoreName);
    this.task = context.taskId().toString();
    answering.budget().restore(task, context.taskId().partition(), keptSpend());
    try (KeyValueIterator<String, byte[]> all = queueStore.all()) {
      all.forEachRemaining(kv -> {
        WorkItemCodec.StoredQueue stored = WorkItemCodec.queue(kv.value);
        ConversationQueue queue = new ConversationQueue();
        queue.items.addAll(stored.items());
        queue.issued = stored.issued();
        queues.put(kv.key, queue);
        pending += queue.items.size();
        if (!queue.items.isEmpty() && !queue.items.peek().decided()) {
          waitingForSlot.add(kv.key);
        }
      });
    }
    if (pending > 0) {
      LOG.info("answer stage of task {} resumes {} pending inquiries in {} conversations",
          context.taskId(), pending, queues.size());
    }
    startCalls();
    saveQueues();
    context.schedule(POLL, PunctuationType.WALL_CLOCK_TIME, now -> drainCompleted());
    context.schedule(MEMORY_SWEEP, PunctuationType.WALL_CLOCK_TIME, memory::expire);
    context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, now -> keptSpend()); // drops earlier days
  }

  /** Today's spend of this task by tenant, from its store; earlier days are deleted from it. */
  private Map<String, LlmBudget.Spent> keptSpend() {
    LocalDate today = answering.budget().today();
    Map<String, LlmBudget.Spent> kept = new HashMap<>();
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, String> all = spendStore.all()) {
      all.forEachRemaining(kv -> {
        LocalDate day = LocalDate.parse(kv.key.substring(0, DAY_LENGTH));
        if (day.equals(today)) {
          kept.put(kv.key.substring(DAY_LENGTH + 1), spent(day, kv.value));
        } else {
          old.add(kv.key);
        }
      });
    }
    old.forEach(spendStore::delete);
    return kept;
  }

  /** Adds a call's spend to the task's store, committed with the outcome it produced. */
  private void keepSpend(String tenant, LlmAnswering.Result result) {
    if (result.usage() == null) {
      return;
    }
    LocalDate today = answering.budget().today();
    String key = today + "/" + tenant;
    String before = spendStore.get(key);
    LlmBudget.Spent spent = (before == null ? new LlmBudget.Spent(today, 0, 0) : spent(today, before))
        .plus(result.usage().promptTokens() + (long) result.usage().completionTokens(), result.usage().costUsd());
    spendStore.put(key, spent.tokens() + " " + spent.usd());
  }

  /** A stored "tokens usd" value (also as {@link SpendReader} reads it from the changelog). */
  static LlmBudget.Spent spent(LocalDate day, String value) {
    String[] parts = value.split(" ");
    return new LlmBudget.Spent(day, Long.parseLong(parts[0]), Double.parseDouble(parts[1]));
  }

  @Override
  public void process(Record<String, WorkItem> record) {
    WorkItem item = record.value();
    String conversation = item.inquiry() == null ? null : item.inquiry().getConversationId();
    ConversationQueue queue = conversation == null ? null : queues.get(conversation);
    boolean queueable = item.outcome() == null || item.outcome() instanceof Outcome.Answered
        || item.outcome() instanceof Outcome.Escalated;
    if (!queueable || (item.decided() && queue == null)) {
      // Nothing of this conversation is waiting: decided items go straight on.
      forward(item, record.key(), record.timestamp());
      return;
    }
    applyBackpressure();
    // Waiting may have completed this conversation's head, or all of its queue.
    queue = queues.get(conversation);
    if (item.decided() && queue == null) {
      forward(item, record.key(), record.timestamp());
      saveQueues();
      return;
    }
    if (queue == null) {
      queue = new ConversationQueue();
      queues.put(conversation, queue);
    }
    queue.items.add(item);
    pending++;
    if (queue.items.size() == 1) {
      queue.issued = 0;
      waitingForSlot.add(conversation);
    }
    unsaved.add(conversation);
    startCalls();
    saveQueues();
  }

  /** Waits (draining completions) while this task holds {@code max-pending} items, up to a bound. */
  private void applyBackpressure() {
    long deadline = System.nanoTime() + MAX_BACKPRESSURE_WAIT.toNanos();
    while (pending >= maxPending && System.nanoTime() < deadline) {
      try {
        Ended done = completed.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (done != null) {
          complete(done);
          startCalls();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (pending >= maxPending) {
      LOG.warn("answer stage holds {} pending inquiries (limit {}) after waiting {}; accepting more",
          pending, maxPending, MAX_BACKPRESSURE_WAIT);
    }
  }

  private void drainCompleted() {
    Ended done;
    while ((done = completed.poll()) != null) {
      complete(done);
    }
    startCalls();
    saveQueues();
  }

  private void complete(Ended done) {
    String conversation = done.conversation();
    if (inFlight.get(conversation) != done.call()) {
      return; // issued before this processor was re-initialized; its item has been re-issued
    }
    inFlight.remove(conversation);
    ConversationQueue queue = queues.get(conversation);
    if (queue == null || queue.items.isEmpty()) {
      return;
    }
    LlmAnswering.Result result = done.call().result().join(); // ended: does not block
    WorkItem head = queue.items.peek();
    // Paid for even when stale: a conversation has one tenant.
    keepSpend(head.inquiry().getTenantId(), result);
    if (!result.inquiryId().equals(head.inquiryId())) {
      LOG.warn("stale answer for {} ignored; head of conversation is {}", result.inquiryId(), head.inquiryId());
      waitingForSlot.add(conversation); // the head still needs its answer
      return;
    }
    queue.items.poll();
    pending--;
    WorkItem answered = head.withOutcome(result.outcome());
    if (result.usage() != null) {
      answered = answered.withLlm(new io.ticketflow.route.LlmUsage(result.usage().model(),
          result.usage().promptTokens(), result.usage().completionTokens(), result.usage().costUsd(),
          result.usage().millis(), result.usage().attempts() + Math.max(0, queue.issued - 1)));
    }
    forward(answered, conversation, answered.origin().timestamp());
    while (!queue.items.isEmpty() && queue.items.peek().decided()) {
      WorkItem next = queue.items.poll();
      pending--;
      forward(next, conversation, next.origin().timestamp());
    }
    queue.issued = 0;
    if (queue.items.isEmpty()) {
      queues.remove(conversation);
      queueStore.delete(conversation);
      unsaved.remove(conversation);
    } else {
      waitingForSlot.add(conversation);
      unsaved.add(conversation);
    }
  }

  /**
   * Prepares the calls of waiting conversations and submits them to the shared slots. Up to
   * {@link CallSlots#capacity()} of this task's calls may wait for a slot: enough that slots freed
   * while this thread is busy elsewhere (an exactly-once commit takes tens of milliseconds) are
   * refilled at once by the thread that freed them.
   */
  private void startCalls() {
    int ready = (int) inFlight.values().stream().filter(call -> !call.started()).count();
    Iterator<String> waiting = waitingForSlot.iterator();
    while (waiting.hasNext() && ready < slots.capacity()) {
      String conversation = waiting.next();
      waiting.remove();
      ConversationQueue queue = queues.get(conversation);
      if (queue == null || queue.items.isEmpty() || inFlight.containsKey(conversation)) {
        continue;
      }
      WorkItem head = queue.items.peek();
      queue.issued++;
      unsaved.add(conversation);
      // The history comes from a store, so only this thread may read it; it cannot change before
      // this call's outcome is forwarded, because the conversation's next turn is this one.
      List<PromptBuilder.Turn> history = memory.turns(memoryKey(head), context.currentSystemTimeMs());
      CallSlots.Call<LlmAnswering.Result> call = new CallSlots.Call<>(
          () -> answering.answer(task, head, history),
          failure -> answering.unexpected(head, failure));
      inFlight.put(conversation, call);
      call.result().whenComplete((result, failure) -> completed.add(new Ended(conversation, call)));
      slots.submit(call);
      ready++;
    }
  }

  private void forward(WorkItem item, String key, long timestamp) {
    // A message the guard blocked (an injection attempt) is kept out of the memory: as history it
    // would reach the model with the conversation's next question, past the guard.
    boolean blocked = item.outcome() instanceof Outcome.Escalated e
        && e.reason() == io.ticketflow.schema.EscalationReason.GUARD_BLOCKED;
    if (item.inquiry() != null && item.guard() != null && item.outcome() != null && !blocked) {
      String reply = item.outcome() instanceof Outcome.Answered a ? a.text() : null;
      memory.add(memoryKey(item), item.guard().redactedText(), reply, context.currentSystemTimeMs());
    }
    context.forward(new Record<>(key, item, timestamp));
  }

  /**
   * The conversation memory's key: tenant and conversation, since conversation ids are the
   * helpdesks' own and two tenants' helpdesks (or the console, which takes any id) can use the
   * same one. The tenant's length comes first, so no pair of ids makes another pair's key.
   */
  static String memoryKey(WorkItem item) {
    String tenant = item.inquiry().getTenantId();
    return tenant.length() + ":" + tenant + "/" + item.inquiry().getConversationId();
  }

  /**
   * Writes the queues changed since the last call, once each: a new conversation's queue changes
   * twice in one {@link #process} (the item, then its call), and every write is encoded and sent to
   * the changelog. Called before this thread leaves the processor, so the store is complete
   * whenever Streams commits.
   */
  private void saveQueues() {
    for (String conversation : unsaved) {
      ConversationQueue queue = queues.get(conversation);
      if (queue == null || queue.items.isEmpty()) {
        queueStore.delete(conversation);
      } else {
        queueStore.put(conversation, WorkItemCodec.queueBytes(List.copyOf(queue.items), queue.issued));
      }
    }
    unsaved.clear();
  }

  @Override
  public void close() {
    // Calls still waiting for a slot are withdrawn; running ones finish on their own (each has a
    // timeout) and give back their slots. Their results are dropped, and the inquiries are
    // re-issued by whichever task owns them next.
    inFlight.values().forEach(CallSlots.Call::cancel);
    inFlight.clear();
    answering.budget().release(task);
  }
}
