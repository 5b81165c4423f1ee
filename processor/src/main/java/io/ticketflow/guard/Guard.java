package io.ticketflow.guard;

import io.ticketflow.route.GuardReport;
import io.ticketflow.route.Outcome;
import io.ticketflow.schema.EscalationReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 4 decision, pure: redact PII, flag injection and abuse, and escalate when the customer
 * asks for a person (HUMAN_REQUESTED) or the text tries to steer the assistant (GUARD_BLOCKED).
 * Flags are recorded in the audit either way.
 */
public final class Guard {
  public static final String FLAG_HUMAN_REQUESTED = "HUMAN_REQUESTED";
  public static final String FLAG_PII_PREFIX = "PII_";

  private final HumanHandoffDetector handoff = new HumanHandoffDetector();
  private final InjectionDetector injection = new InjectionDetector();
  private final PiiRedactor redactor = new PiiRedactor();

  /** The report, and the escalation when the inquiry must not be answered automatically. */
  public record Decision(GuardReport report, Optional<Outcome.Escalated> escalation) {}

  public Decision inspect(String text) {
    Redaction redaction = redactor.redact(text);
    String normalized = text == null ? "" : GuardText.normalize(text);
    Set<InjectionDetector.Flag> injectionFlags = injection.detectNormalized(normalized);
    Optional<String> handoffPhrase = handoff.detectNormalized(normalized);
    List<String> flags = new ArrayList<>();
    injectionFlags.forEach(f -> flags.add(f.name()));
    handoffPhrase.ifPresent(p -> flags.add(FLAG_HUMAN_REQUESTED));
    if (!redaction.counts().isEmpty()) {
      // In the kinds' declaration order, as sorting the enum keys would give.
      for (PiiKind kind : PiiKind.values()) {
        if (redaction.counts().containsKey(kind)) {
          flags.add(FLAG_PII_PREFIX + kind.name());
        }
      }
    }
    GuardReport report = new GuardReport(redaction.text(), redaction.total(), flags);
    Optional<Outcome.Escalated> escalation = Optional.empty();
    if (InjectionDetector.blocks(injectionFlags)) {
      escalation = Optional.of(new Outcome.Escalated(EscalationReason.GUARD_BLOCKED,
          "automatic answer blocked: " + injectionFlags, null, null));
    } else if (handoffPhrase.isPresent()) {
      escalation = Optional.of(new Outcome.Escalated(EscalationReason.HUMAN_REQUESTED,
          "customer asked for a person (\"" + handoffPhrase.get() + "\")", null, null));
    }
    return new Decision(report, escalation);
  }
}
