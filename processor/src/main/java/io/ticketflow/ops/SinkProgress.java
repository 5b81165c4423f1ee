package io.ticketflow.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.ticketflow.config.TicketflowConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the sink connectors keep up with their topics. A sink whose task waits out a database
 * outage stays RUNNING, so {@link ConnectorsHealth} cannot see it; its consumer group's committed
 * offsets can. Every {@code interval} this polls the Connect worker for its sink connectors (their
 * topics and consumer group) and the broker for the group's committed offsets and the topics'
 * committed ends, and
 *
 * <ul>
 *   <li>publishes each sink's offset lag as {@code ticketflow_sink_lag_records{connector}};
 *   <li>reports a sink as stalled ({@link #problem()}, so {@code /health/ready} answers 503) when
 *       records that were on its topics {@code stallAfter} ago are still not written.
 * </ul>
 *
 * <p>Offsets alone would call every sink of a transactional topic stalled: after a transaction's
 * last record comes its commit marker, which Connect never commits past, and an aborted
 * transaction's records are never delivered. So before calling a sink stalled, a read_committed
 * consumer reads the range it is behind by: only a data record there counts. The offset lag in the
 * metric does include such markers (about one per partition and transaction since the sink's last
 * commit).
 *
 * <p>Connect commits a sink's offsets every {@code offset.flush.interval.ms} (60 s by default), so
 * {@code stallAfter} must be well above that. Failures to ask are logged (once per distinct
 * message) and leave the last judgement standing: the Connect worker's own reachability is {@link
 * ConnectorsHealth}'s to report, the broker's the Streams client's.
 */
public final class SinkProgress implements HealthCheck, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SinkProgress.class);
  public static final String LAG = "ticketflow.sink.lag.records";
  /** How often the sinks are judged. */
  public static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final long CALL_TIMEOUT_MS = 10_000;
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  /** A sink connector as the worker describes it. */
  record Sink(String connector, String group, List<String> topics) { }

  private final ConnectRest connect;
  private final List<String> expected;
  private final Admin admin;
  private final Map<String, Object> probeConfig;
  private final long stallNanos;
  private final MeterRegistry meters;
  private final LongSupplier nanoTime;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;
  private KafkaConsumer<byte[], byte[]> probe; // poller thread only
  private String lastFailure; // poller thread only

  SinkProgress(String connectUrl, List<String> expected, Map<String, Object> adminConfig,
      Map<String, Object> probeConfig, Duration stallAfter, MeterRegistry meters, LongSupplier nanoTime) {
    this.connect = new ConnectRest(connectUrl);
    this.expected = List.copyOf(expected);
    this.admin = Admin.create(adminConfig);
    this.probeConfig = Map.copyOf(probeConfig);
    this.stallNanos = stallAfter.toNanos();
    this.meters = meters;
    this.nanoTime = nanoTime;
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ticketflow-sink-progress");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Watches the sink connectors named {@code expected} (all sinks of the worker when empty) on
   * the Connect worker at {@code connectUrl}, polling every {@code interval}.
   *
   * @param stallAfter how long a record may wait before its sink counts as stalled; zero turns
   *     the judgement off and keeps the metric
   */
  public static SinkProgress start(TicketflowConfig config, String connectUrl, List<String> expected,
      Duration stallAfter, Duration interval, MeterRegistry meters) {
    Map<String, Object> adminConfig = config.clientSettings(AdminClientConfig.configNames());
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "ticketflow-sink-progress");
    Map<String, Object> probeConfig = config.clientSettings(ConsumerConfig.configNames());
    probeConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    SinkProgress progress = new SinkProgress(connectUrl, expected, adminConfig, probeConfig, stallAfter, meters,
        System::nanoTime);
    progress.poller.scheduleWithFixedDelay(progress::pollQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return progress;
  }

  @Override
  public Optional<String> problem() {
    List<String> stalled = watches.values().stream().map(w -> w.stall).filter(s -> s != null).sorted().toList();
    return stalled.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", stalled));
  }

  /** The last offset lag seen of {@code connector}'s consumer group, if it was seen. */
  Optional<Long> lag(String connector) {
    return Optional.ofNullable(watches.get(connector)).map(w -> w.lag);
  }

  /** A round that throws nothing: a scheduled task that throws is never run again. */
  private void pollQuietly() {
    try {
      poll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      failed("the sinks", e);
    }
  }

  /** Logs a failure to judge once per distinct message; null clears it. */
  private void failed(String what, Throwable e) {
    String failure = e == null ? null : what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
    if (failure != null && !failure.equals(lastFailure)) {
      LOG.warn("Could not judge the progress of {}; the last judgement stands", failure);
    }
    lastFailure = failure;
  }

  /**
   * One round: every sink's lag, and whether it is stalled. A sink that cannot be judged (no
   * right to read its group, say: another team's connector on a shared worker) keeps its last
   * judgement and does not keep the others from theirs.
   */
  void poll() throws IOException, InterruptedException {
    List<Sink> sinks = sinks(connect.connectors("info"), expected);
    Set<String> gone = new HashSet<>(watches.keySet());
    sinks.forEach(sink -> gone.remove(sink.connector()));
    gone.forEach(this::forget); // deleted from the worker: ConnectorsHealth reports an expected one
    Throwable first = null;
    Sink failedSink = null;
    for (Sink sink : sinks) {
      try {
        judge(sink);
      } catch (InterruptedException e) {
        throw e;
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        if (first == null) {
          first = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
          failedSink = sink;
        }
      }
    }
    failed(first == null ? null : "sink connector " + failedSink.connector(), first);
  }

  private void judge(Sink sink) throws InterruptedException, ExecutionException, TimeoutException {
    Watch watch = watches.computeIfAbsent(sink.connector(), this::watch);
    Map<TopicPartition, Long> committed = committed(sink);
    Map<TopicPartition, Long> end = offsets(committed.keySet(), OffsetSpec.latest());
    long lag = 0;
    for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
      lag += Math.max(0, end.getOrDefault(e.getKey(), 0L) - e.getValue());
    }
    watch.lag = lag;
    watch.stall = stallAfterThisRound(sink, watch, committed, end);
  }

  private Watch watch(String connector) {
    Watch w = new Watch();
    Gauge.builder(LAG, w, x -> x.lag)
        .description("Records (and transaction markers) on a sink connector's topics it has not committed")
        .tag("connector", connector).register(meters);
    return w;
  }

  /**
   * Where the sink's group stands on each partition of its topics: its committed offset, or the
   * partition's start where it committed none (Connect's sinks read from the earliest offset).
   */
  private Map<TopicPartition, Long> committed(Sink sink) throws InterruptedException, ExecutionException,
      TimeoutException {
    Map<TopicPartition, Long> committed = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(sink.group())
        .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    offsets.forEach((tp, o) -> {
      if (o != null) {
        committed.put(tp, o.offset());
      }
    });
    Set<TopicPartition> uncommitted = new HashSet<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> topic
        : admin.describeTopics(sink.topics()).topicNameValues().entrySet()) {
      try {
        topic.getValue().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).partitions().forEach(p -> {
          TopicPartition tp = new TopicPartition(topic.getKey(), p.partition());
          if (!committed.containsKey(tp)) {
            uncommitted.add(tp);
          }
        });
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        } // a topic not created yet: nothing waits on it
      }
    }
    committed.putAll(offsets(uncommitted, OffsetSpec.earliest()));
    return committed;
  }

  private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, Long> out = new HashMap<>();
    if (!request.isEmpty()) {
      admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
    }
    return out;
  }

  /**
   * The stall message, or null: compares the committed offsets with the topics' ends of the
   * newest round at least {@code stallAfter} ago, and where they are behind, looks for a data
   * record in between. Rounds of the same offsets reuse the last look.
   */
  private String stallAfterThisRound(Sink sink, Watch watch, Map<TopicPartition, Long> committed,
      Map<TopicPartition, Long> end) {
    if (stallNanos <= 0) {
      return null;
    }
    long now = nanoTime.getAsLong();
    watch.ends.addLast(new Sample(now, end));
    Sample baseline = null;
    while (!watch.ends.isEmpty() && now - watch.ends.peekFirst().nanos() >= stallNanos) {
      baseline = watch.ends.pollFirst();
    }
    if (baseline == null) {
      return null; // not watched for stallAfter yet
    }
    watch.ends.addFirst(baseline);
    Map<TopicPartition, long[]> behind = new HashMap<>();
    baseline.end().forEach((tp, oldEnd) -> {
      long from = committed.getOrDefault(tp, oldEnd);
      if (from < oldEnd) {
        behind.put(tp, new long[] {from, oldEnd});
      }
    });
    if (behind.isEmpty()) {
      return null;
    }
    if (!sameRanges(behind, watch.lookedAt)) {
      Boolean pending = dataRecordIn(behind);
      if (pending == null) {
        return watch.stall; // the look ran out of time: no new judgement
      }
      watch.lookedAt = behind;
      watch.pending = pending;
    }
    return watch.pending
        ? "sink connector " + sink.connector() + " has not written records that were on its topics "
            + human(Duration.ofNanos(stallNanos)) + " ago (offset lag " + watch.lag
            + "; is its database reachable? GET /connectors/" + sink.connector() + "/status on the Connect worker)"
        : null;
  }

  private static boolean sameRanges(Map<TopicPartition, long[]> a, Map<TopicPartition, long[]> b) {
    if (b == null || !a.keySet().equals(b.keySet())) {
      return false;
    }
    return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
  }

  /**
   * Whether a committed data record lies in one of the ranges (from inclusive, to exclusive);
   * null when the look did not finish in time.
   */
  private Boolean dataRecordIn(Map<TopicPartition, long[]> ranges) {
    KafkaConsumer<byte[], byte[]> c = probe();
    c.assign(ranges.keySet());
    ranges.forEach((tp, r) -> c.seek(tp, r[0]));
    Set<TopicPartition> open = new HashSet<>(ranges.keySet());
    long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
        if (r.offset() < ranges.get(new TopicPartition(r.topic(), r.partition()))[1]) {
          return true;
        }
      }
      open.removeIf(tp -> c.position(tp) >= ranges.get(tp)[1]);
    }
    return open.isEmpty() ? Boolean.FALSE : null;
  }

  private KafkaConsumer<byte[], byte[]> probe() {
    if (probe == null) {
      Map<String, Object> config = new HashMap<>(probeConfig);
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ticketflow-sink-progress");
      config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
      config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1024 * 1024);
      config.remove(ConsumerConfig.GROUP_ID_CONFIG);
      probe = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    return probe;
  }

  /**
   * The sink connectors of a {@code GET /connectors?expand=info} answer that are {@code expected}
   * (all when empty), with their topics ({@code topics}; a {@code topics.regex} sink is judged on
   * the partitions its group committed) and consumer group ({@code consumer.override.group.id},
   * else Connect's {@code connect-<name>}).
   */
  static List<Sink> sinks(JsonNode connectors, List<String> expected) {
    List<Sink> sinks = new ArrayList<>();
    for (Map.Entry<String, JsonNode> c : connectors.properties()) {
      JsonNode info = c.getValue().path("info");
      if (!"sink".equals(info.path("type").asText()) || !expected.isEmpty() && !expected.contains(c.getKey())) {
        continue;
      }
      JsonNode config = info.path("config");
      List<String> topics = Arrays.stream(config.path("topics").asText("").split(","))
          .map(String::trim).filter(t -> !t.isEmpty()).toList();
      String group = config.path("consumer.override.group.id").asText("");
      sinks.add(new Sink(c.getKey(), group.isBlank() ? "connect-" + c.getKey() : group, topics));
    }
    return sinks;
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void close() {
    poller.shutdownNow();
    boolean stopped = false;
    try {
      stopped = poller.awaitTermination(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // The probe belongs to the poller's thread: closed here only once that thread is done with it.
    if (stopped && probe != null) {
      probe.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    } else if (!stopped) {
      LOG.warn("The sinks' progress check did not stop in 15 s; its consumer is left to the JVM's exit");
    }
    admin.close(Duration.ofSeconds(2));
    List.copyOf(watches.keySet()).forEach(this::forget);
  }

  private void forget(String connector) {
    watches.remove(connector);
    meters.find(LAG).tag("connector", connector).meters().forEach(meters::remove);
  }

  private record Sample(long nanos, Map<TopicPartition, Long> end) { }

  /** What is known of one sink; written by the poller, read by {@link #problem()} and the gauge. */
  private static final class Watch {
    volatile long lag;
    volatile String stall;
    final Deque<Sample> ends = new ArrayDeque<>();
    Map<TopicPartition, long[]> lookedAt;
    boolean pending;
  }
}
