package io.ticketflow.bench;

import static io.ticketflow.bench.Harness.intArg;
import static io.ticketflow.bench.Harness.percentile;
import static io.ticketflow.bench.Harness.waitFor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticketflow.TicketflowProcessor;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.topology.Stages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Topology throughput: an exactly-once passthrough Streams app (read inquiries, write them
 * unchanged) against the FAQ path of the ticketflow topology (exact matcher), on the same input
 * topic, same in-JVM broker, same run; then end-to-end latency of both at a fixed moderate rate.
 * Prints a Markdown table for docs/benchmarks.md.
 *
 * <pre>java -cp ... io.ticketflow.bench.TopologyBenchmark [--records 100000] [--partitions 4]
 *     [--rounds 2] [--rate 500] [--latency-seconds 20] [--threads 1]</pre>
 */
public final class TopologyBenchmark {

  /** Stream threads of every app under test (the same for all, so the comparison stays fair). */
  private static int threads = 1;

  private TopologyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = intArg(args, "--records", 100_000);
    int partitions = intArg(args, "--partitions", 4);
    int rounds = intArg(args, "--rounds", 2);
    int rate = intArg(args, "--rate", 500);
    int latencySeconds = intArg(args, "--latency-seconds", 20);
    threads = intArg(args, "--threads", 1);
    List<String> lines = new ArrayList<>();
    try (EmbeddedStack stack = EmbeddedStack.start()) {
      BenchStack input = new BenchStack(stack, "bench-tp", partitions);
      input.publishFaq();
      long t = System.nanoTime();
      for (long n = 0; n < records; n++) {
        input.send(input.faqInquiry(n));
      }
      input.producer.flush();
      System.out.printf(Locale.ROOT, "produced %,d inquiries in %.1f s%n", records, (System.nanoTime() - t) / 1e9);
      lines.add("| round | passthrough (bytes) records/s | passthrough (Avro decode+encode) records/s "
          + "| ticketflow FAQ path records/s | ratio to bytes | ratio to Avro "
          + "| CPU µs/record: bytes / Avro / ticketflow (stream thread) | CPU ratio to bytes |");
      lines.add("|---|---|---|---|---|---|---|---|");
      for (int r = 1; r <= rounds; r++) {
        Run pass = passthroughThroughput(input, "bench-pass-" + r, records, false);
        Run avro = passthroughThroughput(input, "bench-avro-" + r, records, true);
        Run tf = ticketflowThroughput(input, "bench-tf-" + r, records);
        lines.add(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.0f / %.0f / %.0f (%.0f) | %.2f |",
            r, pass.perSecond(), avro.perSecond(), tf.perSecond(), tf.perSecond() / pass.perSecond(),
            tf.perSecond() / avro.perSecond(), pass.cpuMicrosPerRecord(), avro.cpuMicrosPerRecord(),
            tf.cpuMicrosPerRecord(), tf.streamThreadCpuMicrosPerRecord(),
            pass.cpuMicrosPerRecord() / tf.cpuMicrosPerRecord()));
        System.out.println(lines.get(lines.size() - 1));
      }
      input.close();

      lines.add("");
      lines.add(String.format(Locale.ROOT,
          "| latency at %d inquiries/s for %d s (first 10%% not counted) | p50 ms | p99 ms | max ms | measured |",
          rate, latencySeconds));
      lines.add("|---|---|---|---|---|");
      lines.add(passthroughLatency(stack, partitions, rate, latencySeconds));
      lines.add(ticketflowLatency(stack, partitions, rate, latencySeconds));
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "records=%d partitions=%d threads=%d cores=%d java=%s%n", records, partitions, threads,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    lines.forEach(System.out::println);
  }

  private static Properties passthroughProps(BenchStack bs, String appId) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bs.stack.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, BenchStack.tempDir());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    return p;
  }

  private static KafkaStreams passthrough(BenchStack bs, String appId, String out) {
    return passthrough(bs, appId, out, false);
  }

  /** Reads inquiries and writes them unchanged: as bytes, or decoded and re-encoded with our Avro serde. */
  private static KafkaStreams passthrough(BenchStack bs, String appId, String out, boolean avro) {
    StreamsBuilder b = new StreamsBuilder();
    if (avro) {
      var inquiries = bs.topics.inquiries();
      b.stream(inquiries.name(), Consumed.with(inquiries.keySerde(), inquiries.valueSerde()))
          .to(out, Produced.with(inquiries.keySerde(), inquiries.valueSerde()));
    } else {
      b.stream(bs.topics.inquiries().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
          .to(out, Produced.with(Serdes.String(), Serdes.ByteArray()));
    }
    return new KafkaStreams(b.build(), passthroughProps(bs, appId));
  }

  private static Run passthroughThroughput(BenchStack bs, String appId, int records, boolean avro)
      throws Exception {
    String out = appId + ".out";
    bs.admin.createTopics(List.of(new NewTopic(out, bs.config.topicPartitions(), (short) 1))).all().get();
    try (KafkaStreams streams = passthrough(bs, appId, out, avro)) {
      streams.start();
      return measure(bs, appId, records, streams);
    }
  }

  private static TicketflowConfig ticketflowConfig(BenchStack bs, String appId) {
    Map<String, Object> props = new HashMap<>(bs.config.originals());
    props.put(TicketflowConfig.APPLICATION_ID, appId);
    props.put("kafka.state.dir", BenchStack.tempDir());
    props.put("kafka.num.stream.threads", String.valueOf(threads));
    props.put(TicketflowConfig.STATE_STORES, System.getProperty("bench.stores", TicketflowConfig.STORES_PERSISTENT));
    return new TicketflowConfig(props);
  }

  private static Run ticketflowThroughput(BenchStack bs, String appId, int records) throws Exception {
    TicketflowConfig config = ticketflowConfig(bs, appId);
    try (TicketflowProcessor processor = TicketflowProcessor.run(config,
        Stages.of(config, new ExactFaqMatcher(), new SimpleMeterRegistry()))) {
      return measure(bs, appId, records, processor.streams());
    }
  }

  /**
   * One app's run over the input: records per second (wall clock), and CPU time per record of
   * the whole JVM (broker, registry and app: the work the app causes) and of its stream threads.
   * The machine is shared, so wall-clock rates move with other people's load; CPU time per record
   * moves far less and is reported beside them.
   */
  record Run(double perSecond, double cpuMicrosPerRecord, double streamThreadCpuMicrosPerRecord) {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds used so far by the live threads whose name starts with {@code prefix}. */
  private static long threadCpu(String prefix) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix) && t.getName().contains("StreamThread")) {
        sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
      }
    }
    return sum;
  }

  /** From RUNNING until the group has committed the whole input. */
  private static Run measure(BenchStack bs, String appId, int records, KafkaStreams streams) throws Exception {
    waitFor(() -> streams.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60));
    long start = System.nanoTime();
    long cpu0 = OS.getProcessCpuTime();
    long thread0 = threadCpu(appId);
    waitFor(() -> bs.lag(appId, bs.topics.inquiries().name()) == 0, Duration.ofMinutes(10));
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuPerRecord = (OS.getProcessCpuTime() - cpu0) / 1e3 / records;
    double threadPerRecord = (threadCpu(appId) - thread0) / 1e3 / records;
    System.out.printf(Locale.ROOT, "%s: %,d records in %.2f s%n", appId, records, seconds);
    streams.metrics().forEach((name, metric) -> {
      if (name.group().equals("stream-thread-metrics") && name.name().endsWith("-ratio")) {
        System.out.printf(Locale.ROOT, "  %s %s = %s%n", appId, name.name(), metric.metricValue());
      }
    });
    System.out.printf(Locale.ROOT, "  %s CPU per record: %.1f µs JVM, %.1f µs stream threads%n", appId, cpuPerRecord,
        threadPerRecord);
    return new Run(records / seconds, cpuPerRecord, threadPerRecord);
  }

  private static String passthroughLatency(EmbeddedStack stack, int partitions, int rate, int seconds) throws Exception {
    BenchStack bs = new BenchStack(stack, "bench-lat-pass", partitions);
    String out = "bench-lat-pass.out";
    bs.admin.createTopics(List.of(new NewTopic(out, partitions, (short) 1))).all().get();
    try (KafkaStreams streams = passthrough(bs, "bench-lat-pass", out)) {
      streams.start();
      waitFor(() -> streams.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60));
      var inquiries = bs.topics.inquiries().valueSerde().deserializer();
      return "| passthrough | " + latency(bs, out, rate, seconds,
          v -> inquiries.deserialize(out, v).getInquiryId());
    } finally {
      bs.close();
    }
  }

  private static String ticketflowLatency(EmbeddedStack stack, int partitions, int rate, int seconds) throws Exception {
    BenchStack bs = new BenchStack(stack, "bench-lat-tf", partitions);
    bs.publishFaq();
    try (TicketflowProcessor processor = TicketflowProcessor.run(bs.config, bs.stages)) {
      waitFor(() -> processor.state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60));
      String replies = bs.topics.replies().name();
      var deserializer = bs.topics.replies().valueSerde().deserializer();
      return "| ticketflow FAQ path (inquiry produced -> reply committed) | " + latency(bs, replies, rate, seconds,
          v -> deserializer.deserialize(replies, v).getInquiryId());
    } finally {
      bs.close();
    }
  }

  /** Sends at a fixed rate and measures until each record's output is visible to read_committed. */
  private static String latency(BenchStack bs, String outTopic, int rate, int seconds,
                                Function<byte[], String> idOf) throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    // The first 10 % of the run (JIT, first transactions) is sent but not counted.
    long warmup = (long) rate * seconds / 10;
    List<Long> micros = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bs.stack.bootstrapServers());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    // A topic created a moment ago may not be in the consumer's metadata yet (under load).
    waitFor(() -> !consumer.partitionsFor(outTopic).isEmpty(), Duration.ofSeconds(60));
    List<TopicPartition> parts = consumer.partitionsFor(outTopic).stream()
        .map(p -> new TopicPartition(outTopic, p.partition())).toList();
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position);
    Thread reader = new Thread(() -> {
      while (!stop.get()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          String id = idOf.apply(r.value());
          Long sent = sentAt.get(id);
          if (sent != null) {
            micros.add(Long.parseLong(id.substring(4)) < warmup ? -1 : (System.nanoTime() - sent) / 1_000);
          }
        }
      }
      consumer.close();
    }, "latency-reader");
    reader.start();
    long total = (long) rate * seconds;
    long interval = 1_000_000_000L / rate;
    long begin = System.nanoTime();
    for (long n = 0; n < total; n++) {
      long due = begin + n * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      Inquiry in = bs.faqInquiry(n);
      in.setInquiryId("lat-" + n);
      sentAt.put(in.getInquiryId(), System.nanoTime());
      bs.send(in);
    }
    bs.producer.flush();
    waitFor(() -> micros.size() >= total, Duration.ofSeconds(60));
    stop.set(true);
    reader.join();
    long[] sorted;
    synchronized (micros) {
      sorted = micros.stream().mapToLong(Long::longValue).filter(v -> v >= 0).sorted().toArray();
    }
    return String.format(Locale.ROOT, "%.1f | %.1f | %.1f | %d/%d |", percentile(sorted, 0.50) / 1e3,
        percentile(sorted, 0.99) / 1e3, sorted[sorted.length - 1] / 1e3, sorted.length, total - warmup);
  }
}
