package io.ticketflow.route;

import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of an input record that its outputs carry on: trace context only. Streams would copy
 * every header of an inquiry to its reply, escalation, audit record and statistics, and a helpdesk
 * may set headers that are not for analytics' eyes (an {@code authorization} token, a customer's
 * e-mail address). W3C trace context and B3 identify a trace, nothing else; W3C {@code baggage}
 * may hold anything, so it is dropped too.
 */
public final class PassedHeaders {
  private static final Set<String> KEPT = Set.of("traceparent", "tracestate", "b3", "x-b3-traceid",
      "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags");

  private PassedHeaders() {}

  /** The trace-context headers of {@code headers}; {@code headers} itself when they are all there are. */
  public static Headers of(Headers headers) {
    boolean all = true;
    for (Header h : headers) {
      if (!kept(h.key())) {
        all = false;
        break;
      }
    }
    if (all) {
      return headers;
    }
    RecordHeaders out = new RecordHeaders();
    for (Header h : headers) {
      if (kept(h.key())) {
        out.add(h);
      }
    }
    return out;
  }

  private static boolean kept(String key) {
    return KEPT.contains(key.toLowerCase(java.util.Locale.ROOT));
  }
}
