package io.ticketflow.answer;

import io.ticketflow.route.WorkItem;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The answer stage with an LLM: {@link LlmAnswerProcessor} per task, sharing one budget of
 * {@code llm.max-in-flight} concurrent calls across all tasks of this instance.
 */
public final class LlmAnswerStage implements AnswerStage, AutoCloseable {
  /**
   * conversationId -> queued work items. Changelogged, so pending work survives a crash; held in
   * memory because it is small (bounded by {@code llm.max-pending}) and rewritten on every call.
   */
  public static final String QUEUE_STORE = "llm-pending";
  /** tenant and conversationId -> recent turns (changelogged conversation memory; see LlmAnswerProcessor#memoryKey). */
  public static final String MEMORY_STORE = "conversation-memory";
  /**
   * {@code yyyy-MM-dd/tenant} -> the task's LLM spend that day (changelogged, so a restart keeps
   * the day's budget spent, and every instance reads the changelog to count the others' spend;
   * see {@link LlmBudget}). A few entries per tenant, in memory.
   */
  public static final String SPEND_STORE = "llm-spend";
  /** How long {@link #open} waits for the other instances' spend before the processor starts. */
  static final java.time.Duration SPEND_CATCH_UP = java.time.Duration.ofSeconds(10);

  private final LlmAnswering answering;
  private final LlmSettings settings;
  private final CallSlots slots;
  private final java.util.concurrent.ExecutorService owned;
  /** Builds requests and hands them to the HTTP client, off the stream threads. */
  private final java.util.concurrent.ExecutorService callStarter;

  /** @param owned an executor the stage shuts down on close, or null */
  public LlmAnswerStage(LlmAnswering answering, LlmSettings settings, java.util.concurrent.ExecutorService owned) {
    this.answering = answering;
    this.settings = settings;
    this.owned = owned;
    this.callStarter = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "llm-call-starter");
      t.setDaemon(true);
      return t;
    });
    this.slots = new CallSlots(settings.maxInFlight(), callStarter);
  }

  @Override
  public ProcessorSupplier<String, WorkItem, String, WorkItem> processor() {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, WorkItem, String, WorkItem> get() {
        return new LlmAnswerProcessor(answering, slots, QUEUE_STORE, MEMORY_STORE, SPEND_STORE, settings.maxPending(),
            settings.historyTurns(), settings.historyTtl());
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(QUEUE_STORE), Serdes.String(), Serdes.ByteArray()),
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MEMORY_STORE), Serdes.String(), Serdes.ByteArray()),
            Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SPEND_STORE), Serdes.String(), Serdes.String()));
      }
    };
  }

  @Override
  public String name() {
    return "llm";
  }

  @Override
  public boolean translatesFaqAnswers() {
    return true;
  }

  /**
   * With a daily budget set, reads the other instances' spend from the spend store's changelog
   * ({@link SpendReader}) and waits up to a few seconds for what it held at the start.
   */
  @Override
  public AutoCloseable open(String applicationId, java.util.Map<String, Object> clientConfig) {
    LlmBudget budget = answering.budget();
    if (!budget.limited()) {
      return () -> { };
    }
    return new SpendReader(applicationId, clientConfig, budget).start(SPEND_CATCH_UP);
  }

  /** The per-tenant daily budget of this stage (for tests and metrics). */
  public LlmBudget budget() {
    return answering.budget();
  }

  /** Calls that may start now (for tests and metrics). */
  public int freeSlots() {
    return slots.free();
  }

  @Override
  public void close() {
    callStarter.shutdownNow();
    answering.close();
    if (owned != null) {
      owned.shutdownNow();
    }
  }
}
