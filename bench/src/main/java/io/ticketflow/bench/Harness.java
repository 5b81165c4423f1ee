package io.ticketflow.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * What every harness in this module needs besides the stack: command-line options, waiting for a
 * condition, percentiles. (Harnesses are plain {@code main} programs, not tests, so Awaitility is
 * not on their class path.)
 */
public final class Harness {
  private Harness() {}

  /** Something polled until it holds. */
  public interface Condition {
    boolean met() throws Exception;
  }

  /** Polls {@code condition} every 50 ms; throws when it does not hold within {@code timeout}. */
  public static void waitFor(Condition condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.met()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  /** The value after {@code name} in {@code args}, or {@code dflt}. */
  public static int intArg(String[] args, String name, int dflt) {
    String v = stringArg(args, name, null);
    return v == null ? dflt : Integer.parseInt(v);
  }

  public static double doubleArg(String[] args, String name, double dflt) {
    String v = stringArg(args, name, null);
    return v == null ? dflt : Double.parseDouble(v);
  }

  public static String stringArg(String[] args, String name, String dflt) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }

  /** The {@code p} quantile (nearest rank) of ascending {@code sorted}, which must not be empty. */
  public static long percentile(long[] sorted, double p) {
    return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))];
  }
}
