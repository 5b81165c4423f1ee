package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventStreamTest {
  private static final Pattern ID = Pattern.compile("\"inquiryId\":\"(\\d+)\"");

  @Test
  void aClientSubscribingWhileEventsArriveGetsEachEventOnceAndInOrder() throws Exception {
    EventStream stream = new EventStream();
    int events = 20_000;
    Thread feed = new Thread(() -> {
      for (int i = 0; i < events; i++) {
        stream.accept(new FeedEvent(FeedEvent.Kind.AUDIT, Integer.toString(i), Map.of()));
      }
    });
    feed.start();
    do {
      BlockingQueue<String> q = stream.subscribe();
      List<String> drained = new ArrayList<>();
      q.drainTo(drained);
      for (int i = 1; i < drained.size(); i++) {
        // Strictly increasing: no event twice (a slow client may lose its oldest, so gaps are allowed).
        assertThat(id(drained.get(i))).as("event after %s", drained.get(i - 1)).isGreaterThan(id(drained.get(i - 1)));
      }
      stream.unsubscribe(q);
    } while (feed.isAlive());
    feed.join();
  }

  @Test
  void aNewClientGetsTheRecentEventsFirst() {
    EventStream stream = new EventStream();
    for (int i = 0; i < EventStream.RECENT + 5; i++) {
      stream.accept(new FeedEvent(FeedEvent.Kind.AUDIT, Integer.toString(i), Map.of()));
    }
    BlockingQueue<String> q = stream.subscribe();
    stream.accept(new FeedEvent(FeedEvent.Kind.AUDIT, Integer.toString(EventStream.RECENT + 5), Map.of()));
    List<String> drained = new ArrayList<>();
    q.drainTo(drained);
    assertThat(drained).hasSize(EventStream.RECENT + 1);
    assertThat(id(drained.get(0))).isEqualTo(5);
    assertIncreasing(drained);
  }

  private static void assertIncreasing(List<String> events) {
    for (int i = 1; i < events.size(); i++) {
      assertThat(id(events.get(i))).as("event %d of %d", i, events.size()).isEqualTo(id(events.get(i - 1)) + 1);
    }
  }

  private static int id(String json) {
    Matcher m = ID.matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
