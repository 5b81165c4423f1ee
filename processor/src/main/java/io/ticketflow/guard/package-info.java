/**
 * Stage 4, guard. The detectors ({@link io.ticketflow.guard.HumanHandoffDetector},
 * {@link io.ticketflow.guard.InjectionDetector}, {@link io.ticketflow.guard.PiiRedactor}) and
 * {@link io.ticketflow.guard.Guard} are pure classes with no Kafka types, reused by the LLM stage;
 * {@link io.ticketflow.guard.GuardProcessor} is the only Streams adapter.
 */
package io.ticketflow.guard;
