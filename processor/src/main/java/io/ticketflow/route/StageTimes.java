package io.ticketflow.route;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The time each stage took, in pipeline order: an immutable map over two small arrays. Every
 * stage appends one entry to every inquiry's {@link WorkItem}; copying a LinkedHashMap for that
 * showed in profiles, appending to arrays of five to ten entries does not.
 */
final class StageTimes extends AbstractMap<String, Long> {
  static final StageTimes EMPTY = new StageTimes(new String[0], new long[0]);
  private final String[] stages;
  private final long[] micros;

  private StageTimes(String[] stages, long[] micros) {
    this.stages = stages;
    this.micros = micros;
  }

  static StageTimes copyOf(Map<String, Long> times) {
    if (times instanceof StageTimes s) {
      return s;
    }
    StageTimes out = EMPTY;
    for (Map.Entry<String, Long> e : times.entrySet()) {
      out = out.with(e.getKey(), e.getValue());
    }
    return out;
  }

  /** These times with {@code stage} set to {@code value}, appended when new. */
  StageTimes with(String stage, long value) {
    for (int i = 0; i < stages.length; i++) {
      if (stages[i].equals(stage)) {
        long[] m = micros.clone();
        m[i] = value;
        return new StageTimes(stages, m);
      }
    }
    String[] s = Arrays.copyOf(stages, stages.length + 1);
    long[] m = Arrays.copyOf(micros, micros.length + 1);
    s[stages.length] = stage;
    m[micros.length] = value;
    return new StageTimes(s, m);
  }

  @Override
  public Set<Map.Entry<String, Long>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Long>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < stages.length;
          }

          @Override
          public Map.Entry<String, Long> next() {
            if (next >= stages.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(stages[i], micros[i]);
          }
        };
      }

      @Override
      public int size() {
        return stages.length;
      }
    };
  }

  @Override
  public int size() {
    return stages.length;
  }
}
