package io.ticketflow.devstack.junit;

import io.ticketflow.devstack.EmbeddedStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link EmbeddedStack} for the whole test run (the first test class that asks starts
 * it; JUnit closes it when the run ends) and injects it into test constructors and methods:
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedStackExtension.class)
 * class InquiryRoundTripIT {
 *   @Test void roundTrip(EmbeddedStack stack) { ... stack.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * Tests share the broker, so each uses its own topic names (e.g. with a random suffix).
 */
public final class EmbeddedStackExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(StackResource.class, k -> new StackResource(EmbeddedStack.start()),
            StackResource.class)
        .stack();
  }

  /** Closes the stack when the root context closes, i.e. at the end of the run. */
  private record StackResource(EmbeddedStack stack) implements AutoCloseable {
    @Override
    public void close() {
      stack.close();
    }
  }
}
