package io.ticketflow;

import static io.ticketflow.testing.Inquiries.faq;
import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.match.FaqLibrary;
import io.ticketflow.match.MatchResult;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.testing.Bm25Matcher;
import io.ticketflow.testing.ClusterIO;
import io.ticketflow.topology.Stages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On the real broker: a processor that starts with FAQ entries in its store warms its matcher up
 * before the stream threads take the first inquiry, even one already waiting on the topic.
 */
@ExtendWith(EmbeddedStackExtension.class)
class MatcherWarmUpIT {

  /** A BM25 matcher that records whether the warm-up was over when an inquiry was matched. */
  private static final class Recording extends Bm25Matcher {
    final AtomicInteger warmUpMatches = new AtomicInteger(-1);
    final List<Boolean> inquiryMatchedAfterWarmUp = new CopyOnWriteArrayList<>();
    private volatile Thread warmingUp;

    Recording() {
      super(FaqLibrary.lexicalOnly());
    }

    @Override
    public MatchResult match(String tenantId, String text, String language) {
      if (Thread.currentThread() != warmingUp) {
        inquiryMatchedAfterWarmUp.add(warmUpMatches.get() >= 0);
      }
      return super.match(tenantId, text, language);
    }

    @Override
    public int warmUp(Duration budget) {
      warmingUp = Thread.currentThread();
      int n = super.warmUp(budget);
      // A long warm-up, as a 10,000-entry FAQ's is: a stream thread that did not wait for it
      // would match the waiting inquiry meanwhile.
      await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
      warmingUp = null;
      warmUpMatches.set(n);
      return n;
    }
  }

  @Test
  void theFirstInquiryIsMatchedOnlyAfterTheWarmUp(EmbeddedStack stack) throws Exception {
    ProcessorITSupport it = new ProcessorITSupport(stack, Map.of("match.warm-up", "20s"));
    Topics topics = it.topics;
    Recording matcher = new Recording();
    Stages stages = Stages.of(it.config, matcher, new SimpleMeterRegistry());
    try (ClusterIO io = new ClusterIO(stack.bootstrapServers(), 1 << 20)) {
      it.createTopics(io.admin());
      for (FaqEntry e : List.of(faq("hours", "When are you open on weekdays?", "9 to 5."),
          faq("refund", "How long does a refund take?", "7 days."))) {
        io.publish(topics, e);
      }
      Inquiry waiting = inquiry("q-waiting", "c1", "when are you open");
      io.send(topics, waiting);
      io.flush();

      try (TicketflowProcessor processor = TicketflowProcessor.run(it.config, stages)) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
            .until(() -> !io.readAll(topics.audit().name(), topics.audit().valueSerde().deserializer()).isEmpty());
        assertThat(processor.isRunning()).isTrue();
      }
    }
    assertThat(matcher.warmUpMatches).hasPositiveValue();
    assertThat(matcher.inquiryMatchedAfterWarmUp).isNotEmpty().containsOnly(true);
  }
}
