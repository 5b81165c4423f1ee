package io.ticketflow.bench.soak;

import io.ticketflow.bench.BenchStack;
import io.ticketflow.schema.Inquiry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The soak run's traffic: each record is an FAQ hit, a question only the LLM can answer, a request
 * for a human (escalated by the guard) or a redelivery of an inquiry sent shortly before, drawn at
 * the configured shares from a seeded random source so two runs send the same sequence.
 */
final class InquiryMix {
  /** What a record is meant to exercise. */
  enum Kind { FAQ, LLM, ESCALATION, DUPLICATE }

  /** How far back a redelivery reaches: a client retrying within seconds of its first send. */
  private static final int REDELIVERY_WINDOW = 1_000;

  private final BenchStack bench;
  private final double llmShare;
  private final double escalationShare;
  private final double duplicateShare;
  private final Random random = new Random(42);
  private final List<Inquiry> recent = new ArrayList<>();
  private long next;

  InquiryMix(BenchStack bench, double llmShare, double escalationShare, double duplicateShare) {
    if (llmShare + escalationShare + duplicateShare > 1) {
      throw new IllegalArgumentException("shares add up to more than 1");
    }
    this.bench = bench;
    this.llmShare = llmShare;
    this.escalationShare = escalationShare;
    this.duplicateShare = duplicateShare;
  }

  /** One record to send. */
  record Draw(Kind kind, Inquiry inquiry) {}

  Draw next() {
    double r = random.nextDouble();
    if (r < duplicateShare && !recent.isEmpty()) {
      return new Draw(Kind.DUPLICATE, recent.get(random.nextInt(recent.size())));
    }
    long n = next++;
    Kind kind;
    Inquiry in;
    if (r < duplicateShare + llmShare) {
      kind = Kind.LLM;
      // No FAQ entry matches: the matcher offers one weak candidate and the LLM stage answers.
      in = bench.inquiry(n, "I need help with refund number " + n);
    } else if (r < duplicateShare + llmShare + escalationShare) {
      kind = Kind.ESCALATION;
      in = bench.inquiry(n, "I want to talk to a human about order " + n);
    } else {
      kind = Kind.FAQ;
      in = bench.faqInquiry(n);
    }
    if (recent.size() < REDELIVERY_WINDOW) {
      recent.add(in);
    } else {
      recent.set((int) (n % REDELIVERY_WINDOW), in);
    }
    return new Draw(kind, in);
  }
}
