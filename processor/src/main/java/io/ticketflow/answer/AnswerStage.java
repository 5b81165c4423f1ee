package io.ticketflow.answer;

import io.ticketflow.route.WorkItem;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Stage 6, the seam where an inquiry the FAQ could not answer gets its outcome. The topology
 * sends EVERY work item through this processor, in partition order, right after match:
 * <ul>
 *   <li>items already decided ({@link WorkItem#decided()}) must be forwarded unchanged — an
 *       implementation that delays undecided items (an async LLM call) may hold decided ones back
 *       too, to keep a conversation's outputs in order;</li>
 *   <li>undecided items carry the inquiry, the redacted text and guard flags, the match result
 *       (top candidates) and the stage timings, and must be forwarded exactly once with an
 *       outcome ({@code Answered} with source LLM, or {@code Escalated}).</li>
 * </ul>
 * It is a full {@code Processor} (not a fixed-key one) so that an implementation can forward from
 * a punctuator and after a restart, from records it kept in its own stores; those stores are
 * declared through {@link ProcessorSupplier#stores()}.
 */
public interface AnswerStage {

  /** The processor placed at the answer node; called once per topology build. */
  ProcessorSupplier<String, WorkItem, String, WorkItem> processor();

  /** Name recorded for this stage, e.g. {@code escalate} or {@code llm}. */
  String name();

  /**
   * Whether this stage can reply in the customer's language from a confident FAQ match written
   * in another one; when it can, the match stage leaves such items undecided for it.
   */
  default boolean translatesFaqAnswers() {
    return false;
  }

  /**
   * Called once before the processor starts its topology, for a stage that reads what the other
   * instances of the application write (the LLM stage: their spend of the daily budget).
   *
   * @param applicationId the Streams application id
   * @param clientConfig bootstrap servers and the processor's consumer settings ({@code kafka.*}: security)
   * @return closed when the processor stops
   */
  default AutoCloseable open(String applicationId, java.util.Map<String, Object> clientConfig) {
    return () -> { };
  }
}
