package io.ticketflow.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Small helpers of the demo's start-up: waiting for a condition, removing a temporary directory. */
final class Waits {
  private Waits() {}

  static void until(BooleanSupplier condition, int seconds, String failure) {
    until(condition, Optional::empty, seconds, failure);
  }

  /**
   * As {@link #until(BooleanSupplier, int, String)}, but gives up at once when {@code hopeless}
   * says why the condition can no longer come true (a processor that failed while starting).
   */
  static void until(BooleanSupplier condition, Supplier<Optional<String>> hopeless, int seconds, String failure) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      Optional<String> why = hopeless.get();
      if (why.isPresent()) {
        throw new IllegalStateException(failure + ": " + why.get());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(failure + " within " + seconds + " s");
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
