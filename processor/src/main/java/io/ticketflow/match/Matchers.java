package io.ticketflow.match;

/**
 * The one place that picks the matcher the applications run ({@code run}, {@code demo}): swap the
 * implementation here and every entry point follows.
 */
public final class Matchers {
  private Matchers() {}

  public static FaqMatcher defaultMatcher() {
    return new ExactFaqMatcher();
  }
}
