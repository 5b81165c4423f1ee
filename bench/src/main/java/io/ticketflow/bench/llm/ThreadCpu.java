package io.ticketflow.bench.llm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Comparator;

/**
 * CPU time of this JVM's threads by native name, read from {@code /proc/self/task/<tid>/stat}
 * (Linux): unlike {@link java.lang.management.ThreadMXBean} it also sees the VM's own threads —
 * JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"), GC threads — which Java code
 * cannot list. Native names are the Java names cut to 15 characters. Resolution is one clock tick
 * (10 ms).
 *
 * <p>Threads come and go (the JVM stops idle compiler threads, clients start pools), and a thread
 * that ended is gone from {@code /proc} with its CPU time. So a window is measured by
 * {@link #sample() sampling} often: each thread's last seen value counts, also after it ended.
 * A sample reads the times of the tracked threads only (and the name of each new thread once), so
 * sampling costs little of the CPU it measures; tracking every thread costs ~2 % of a busy
 * benchmark's samples (reading a few hundred files per sample), so only profiling does it.
 */
final class ThreadCpu {
  private static final Path TASKS = Path.of("/proc/self/task");
  /** USER_HZ: Linux reports thread times in ticks of 1/100 s on every common architecture. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private record Seen(String name, long ticks) {}

  /** Thread id -> name and CPU ticks at the start of the window (0 for threads started later). */
  private final Map<Integer, Seen> start = new HashMap<>();
  /** Thread id -> name and CPU ticks when last seen. */
  private final Map<Integer, Seen> last = new HashMap<>();
  /** Name prefixes of the threads whose times every sample reads; empty: all threads. */
  private final String[] tracked;

  private ThreadCpu(String[] tracked) {
    this.tracked = tracked;
  }

  /**
   * Starts a window now.
   *
   * @param tracked name prefixes of the threads to measure; none: every thread
   */
  static ThreadCpu begin(String... tracked) {
    ThreadCpu cpu = new ThreadCpu(tracked);
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        Seen seen = read(task);
        if (seen != null) {
          cpu.start.put(Integer.parseInt(task.getFileName().toString()), seen);
        }
      }
    } catch (IOException e) {
      // Not Linux: nothing to report.
    }
    cpu.last.putAll(cpu.start);
    return cpu;
  }

  /** Records the tracked threads' current CPU times; call every few hundred milliseconds during the window. */
  synchronized void sample() {
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        int tid = Integer.parseInt(task.getFileName().toString());
        Seen known = last.get(tid);
        if (known == null || isTracked(known.name())) {
          Seen seen = read(task);
          if (seen != null) {
            last.put(tid, seen);
          }
        }
      }
    } catch (IOException e) {
      // Not Linux: nothing to report.
    }
  }

  private boolean isTracked(String name) {
    if (tracked.length == 0) {
      return true;
    }
    for (String prefix : tracked) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** CPU nanoseconds in the window of the threads whose native name starts with one of the prefixes. */
  synchronized long nanos(String... prefixes) {
    long ticks = 0;
    for (Map.Entry<Integer, Seen> e : last.entrySet()) {
      for (String prefix : prefixes) {
        if (e.getValue().name().startsWith(prefix)) {
          ticks += delta(e.getKey(), e.getValue());
          break;
        }
      }
    }
    return ticks * NANOS_PER_TICK;
  }

  /**
   * CPU nanoseconds in the window by thread group (the name with digits dropped), largest first;
   * complete only when every thread is tracked.
   */
  synchronized Map<String, Long> byGroup() {
    Map<String, Long> ticks = new HashMap<>();
    last.forEach((tid, seen) -> ticks.merge(seen.name().replaceAll("[0-9]+", "#"), delta(tid, seen), Long::sum));
    Map<String, Long> sorted = new LinkedHashMap<>();
    ticks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue() * NANOS_PER_TICK));
    return sorted;
  }

  private long delta(int tid, Seen seen) {
    Seen before = start.get(tid);
    return before == null || !before.name().equals(seen.name()) ? seen.ticks() : seen.ticks() - before.ticks();
  }

  /** The thread's name and CPU ticks, or null when it has ended. */
  private static Seen read(Path task) {
    String stat;
    try {
      stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
    } catch (IOException ended) {
      return null;
    }
    // pid (comm) state ppid ... : comm may hold spaces and parentheses, so split at the last ')'.
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    String[] fields = stat.substring(close + 2).split(" ");
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return new Seen(stat.substring(open + 1, close), ticks);
  }
}
