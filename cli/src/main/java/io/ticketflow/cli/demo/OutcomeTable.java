package io.ticketflow.cli.demo;

import io.ticketflow.ops.ConsoleStats;
import io.ticketflow.ops.FeedEvent;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints the demo's live table (one row per completed probe) and its summary. */
final class OutcomeTable {
  private final PrintStream out;

  OutcomeTable(PrintStream out) {
    this.out = out;
  }

  void header() {
    out.printf("%n %-3s %-6s %-32s   %-11s %-44s %5s %8s%n", "#", "tenant", "inquiry", "route", "reply / escalation reason", "conf", "latency");
    out.println(" " + "-".repeat(116));
  }

  synchronized void row(Probe p) {
    FeedEvent audit = p.audit();
    String route = p.route();
    String what;
    Double confidence = null;
    FeedEvent reply = p.first(FeedEvent.Kind.REPLY);
    FeedEvent escalation = p.first(FeedEvent.Kind.ESCALATION);
    FeedEvent dead = p.first(FeedEvent.Kind.DEAD_LETTER);
    if (p.duplicate()) {
      what = "no second reply (" + audit.string("detail") + ")";
    } else if (reply != null) {
      what = reply.string("text");
      confidence = reply.number("confidence");
    } else if (escalation != null) {
      what = escalation.string("reason") + ": " + escalation.string("detail");
      confidence = audit.number("score");
    } else if (dead != null) {
      what = dead.string("reasonCode") + " → " + "dead letter";
    } else {
      what = String.valueOf(audit.string("reason"));
    }
    Double latency = audit.number("endToEndMillis");
    // What the guard redacted is shown redacted: that is the text an LLM would see.
    Double redactions = audit.number("redactionCount");
    String inquiry = redactions != null && redactions > 0 && audit.string("redactedText") != null
        ? audit.string("redactedText") : p.sample.text();
    out.printf(" %-3d %-6s %s → %-11s %s %5s %8s%n", p.number, p.sample.tenant(),
        fit(printable(inquiry), 32), route, fit(what, 44),
        confidence == null ? "" : String.format("%.2f", confidence),
        latency == null ? "" : latency.longValue() + " ms");
  }

  void summary(Collection<Probe> probes) {
    Map<String, Integer> routes = new TreeMap<>();
    List<Long> latencies = new ArrayList<>();
    for (Probe p : probes) {
      if (p.route() != null) {
        routes.merge(p.route(), 1, Integer::sum);
        Double millis = p.audit().number("endToEndMillis");
        if (millis != null) {
          latencies.add(millis.longValue());
        }
      }
    }
    Collections.sort(latencies);
    out.println();
    out.println(" Routes: " + routes);
    out.printf(" End-to-end latency (inquiry received → decision committed): p50 %s ms, p99 %s ms over %d inquiries%n",
        ConsoleStats.percentile(latencies, 0.50), ConsoleStats.percentile(latencies, 0.99), latencies.size());
  }

  /** Control characters and line breaks as visible escapes, so one inquiry stays on one line. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString().isBlank() ? "\"" + s + "\"" : b.toString();
  }

  /**
   * Truncates to {@code width} terminal columns (CJK characters take two) and pads, so the
   * columns line up with Chinese text too.
   */
  static String fit(String s, int width) {
    if (s == null) {
      s = "";
    }
    s = s.replace('\n', ' ');
    StringBuilder b = new StringBuilder();
    int used = 0;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      int w = wide(c) ? 2 : 1;
      if (used + w > width - 1 && i + Character.charCount(c) < s.length()) {
        b.append('…');
        used++;
        break;
      }
      if (used + w > width) {
        break;
      }
      b.appendCodePoint(c);
      used += w;
      i += Character.charCount(c);
    }
    return b + " ".repeat(Math.max(0, width - used));
  }

  static boolean wide(int c) {
    Character.UnicodeScript script = Character.UnicodeScript.of(c);
    return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
        || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0x3000 && c <= 0x303F);
  }
}
