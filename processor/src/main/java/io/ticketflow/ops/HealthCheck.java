package io.ticketflow.ops;

import java.util.Optional;

/** One readiness condition: empty when fine, else what is wrong (shown by {@code /health/ready}). */
@FunctionalInterface
public interface HealthCheck {
  Optional<String> problem();
}
