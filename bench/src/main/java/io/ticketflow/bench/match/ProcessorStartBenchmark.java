package io.ticketflow.bench.match;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.TicketflowProcessor;
import io.ticketflow.bench.BenchStack;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.match.Matchers;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.topic.Topics;
import io.ticketflow.topology.Stages;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How long the processor takes to start with a large FAQ on its topic: from {@code
 * TicketflowProcessor.run} until it returns, which is after Streams has restored the global FAQ
 * store and the matcher has loaded it (the warm-up is off, so only the load is measured). Each round
 * starts a fresh processor with a fresh hybrid matcher on the in-JVM broker and registry, as a
 * restart does.
 *
 * <pre>
 * java -Xmx1g -cp "bench/target/classes:$(cat /tmp/bench.cp)" \
 *   io.ticketflow.bench.match.ProcessorStartBenchmark 10000 2
 * </pre>
 */
public final class ProcessorStartBenchmark {

  private ProcessorStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    try (EmbeddedStack stack = EmbeddedStack.start()) {
      BenchStack bs = new BenchStack(stack, "bench-start", 4, Map.of("match.warm-up", "0s"));
      List<FaqEntry> faq = SyntheticFaq.entries(entries);
      for (FaqEntry e : faq) {
        bs.producer.send(new ProducerRecord<>(bs.topics.faq().name(), Topics.faqKey(e.getTenantId(), e.getId()),
            bs.topics.faq().valueSerde().serializer().serialize(bs.topics.faq().name(), e)));
      }
      bs.producer.flush();
      System.out.printf(Locale.ROOT, "published %,d FAQ entries%n", entries);
      for (int r = 1; r <= rounds; r++) {
        Stages stages = Stages.of(bs.config, Matchers.hybrid(bs.config.calibration()), new SimpleMeterRegistry());
        long start = System.nanoTime();
        try (TicketflowProcessor processor = TicketflowProcessor.run(bs.config, stages)) {
          System.out.printf(Locale.ROOT, "round %d: started with %,d FAQ entries in %.1f s (state %s)%n", r, entries,
              (System.nanoTime() - start) / 1e9, processor.state());
        }
      }
      bs.close();
    }
    System.out.printf(Locale.ROOT, "cores=%d java=%s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
  }
}
