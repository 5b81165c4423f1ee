package io.ticketflow.decode;

import io.ticketflow.ops.PipelineMetrics;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts input records not keyed by their conversationId ({@link PipelineMetrics#misKeyed}) and
 * says why that matters once per processor, in the log. Such records are processed as usual: on a
 * topic of one partition nothing is lost, and a helpdesk cannot re-key what it already sent.
 */
public final class KeyCheck {
  private static final Logger LOG = LoggerFactory.getLogger(KeyCheck.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();
  private final PipelineMetrics metrics;

  public KeyCheck(PipelineMetrics metrics) {
    this.metrics = metrics;
  }

  /** Checks that {@code key} is {@code conversationId}. */
  public void check(String key, CharSequence conversationId, String topic) {
    if (key != null && conversationId != null && key.contentEquals(conversationId)) {
      return;
    }
    metrics.misKeyed(topic);
    if (WARNED.compareAndSet(false, true)) {
      LOG.warn("Records on {} are not keyed by their conversationId (first seen: key {}); they are processed, but on"
          + " a topic of several partitions a redelivery can land on another partition and be answered twice, and"
          + " feedback can miss its inquiry. Key them by conversationId; ticketflow_inputs_miskeyed_total counts"
          + " them.", topic, key == null ? "none" : "of " + key.length() + " characters");
    }
  }
}
