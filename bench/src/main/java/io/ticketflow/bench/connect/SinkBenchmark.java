package io.ticketflow.bench.connect;

import io.ticketflow.connect.sink.SinkConnector;
import io.ticketflow.connect.sink.SinkConnectorConfigs;
import io.ticketflow.connect.sink.SinkSettings;
import io.ticketflow.connect.sink.SinkTable;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.connect.EmbeddedConnect;
import io.ticketflow.devstack.connect.OutputSamples;
import io.ticketflow.devstack.db.Database;
import io.ticketflow.devstack.db.Databases;
import io.ticketflow.devstack.db.ExternalDatabase;
import io.ticketflow.devstack.db.ScratchDatabase;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.serde.AvroSerializer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Audit records into PostgreSQL through the real Connect worker and the Debezium JDBC sink.
 *
 * <ul>
 *   <li>Throughput: {@code rows} audit records are on the topic first; the clock runs from
 *       deploying the connector until the last row is visible (so it includes the connector's
 *       start, about a second), and separately from the first visible row to the last.
 *   <li>Lag: with the sink running, one record at a time is sent; the time from the broker's
 *       acknowledgement to the row being visible (polled every millisecond) is one sample. Once
 *       idle, once while 1,000 other records per second flow into the same table.
 * </ul>
 *
 * <p>Usage: {@code SinkBenchmark [rows=10000] [probes=200] [jdbc-url]}; without a URL the
 * machine's PostgreSQL on 127.0.0.1:5432 if it answers, else an embedded one.
 */
public final class SinkBenchmark {
  private final EmbeddedStack stack;
  private final Database server;
  private final KafkaProducer<String, AuditRecord> producer;

  private SinkBenchmark(EmbeddedStack stack, Database server) {
    this.stack = stack;
    this.server = server;
    AvroSerializer<AuditRecord> serializer = new AvroSerializer<>();
    serializer.configure(stack.serdeConfig(), false);
    Map<String, Object> config = new HashMap<>(stack.kafka().clientConfig());
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
  }

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int probes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    try (EmbeddedStack stack = EmbeddedStack.start();
        Database server = args.length > 2 ? new ExternalDatabase(args[2], "postgres", "")
            : Databases.serverForTests()) {
      SinkBenchmark bench = new SinkBenchmark(stack, server);
      System.out.printf("database: %s%n%n", server.jdbcUrl());
      System.out.println("| batch.size | rows | rows/s (deploy → last row) | rows/s (first → last row) |");
      System.out.println("|---:|---:|---:|---:|");
      for (int batch : new int[] {1, SinkSettings.DEFAULT_BATCH_SIZE}) {
        bench.throughput(batch, rows);
      }
      System.out.println();
      System.out.println("| lag topic → row (default batch.size) | probes | p50 ms | p95 ms | p99 ms | max ms |");
      System.out.println("|---|---:|---:|---:|---:|---:|");
      bench.lag(probes, 0);
      bench.lag(probes, 1_000);
      bench.producer.close();
    }
  }

  private void throughput(int batchSize, int rows) throws Exception {
    try (Run run = new Run(batchSize)) {
      List<Future<RecordMetadata>> acks = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        AuditRecord audit = OutputSamples.audit(run.prefix, i);
        acks.add(producer.send(new ProducerRecord<>(run.topic, audit.getInquiryId(), audit)));
      }
      await(acks);
      long deployed = System.nanoTime();
      run.deploy();
      long first = 0;
      long visibleAtFirst = 0;
      long last;
      while (true) {
        long count = run.rows();
        long now = System.nanoTime();
        if (first == 0 && count > 0) {
          first = now;
          // Written before the first count saw them, i.e. before this window: not in its rate.
          visibleAtFirst = count;
        }
        if (count >= rows) {
          last = now;
          break;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      System.err.printf("batch.size %d: %,d rows visible at the first count%n", batchSize, visibleAtFirst);
      System.out.printf("| %d | %,d | %,.0f | %,.0f |%n", batchSize, rows,
          rows / seconds(last - deployed), (rows - visibleAtFirst) / seconds(Math.max(1, last - first)));
    }
  }

  /** Probes one at a time while {@code backgroundPerSecond} other audit records flow. */
  private void lag(int probes, int backgroundPerSecond) throws Exception {
    ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    try (Run run = new Run(SinkSettings.DEFAULT_BATCH_SIZE)) {
      run.deploy();
      if (backgroundPerSecond > 0) {
        AtomicInteger next = new AtomicInteger();
        int perTick = Math.max(1, backgroundPerSecond / 100);
        background.scheduleAtFixedRate(() -> {
          for (int k = 0; k < perTick; k++) {
            AuditRecord audit = OutputSamples.audit("load", next.getAndIncrement());
            producer.send(new ProducerRecord<>(run.topic, audit.getInquiryId(), audit));
          }
        }, 0, 10, TimeUnit.MILLISECONDS);
      }
      send(run, "warmup", 0); // creates the table
      while (run.rows() < 1) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      long[] micros = new long[probes];
      try (Connection c = run.database.connect();
          PreparedStatement q = c.prepareStatement("SELECT 1 FROM audit WHERE inquiryId = ?")) {
        for (int i = 0; i < probes; i++) {
          long acked = send(run, "probe", i);
          q.setString(1, OutputSamples.inquiryId("probe", i));
          while (!exists(q)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
          }
          micros[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - acked);
        }
      }
      Arrays.sort(micros);
      String load = backgroundPerSecond == 0 ? "idle (one record at a time)"
          : String.format("under %,d other records/s", backgroundPerSecond);
      System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", load, probes, pct(micros, 0.50),
          pct(micros, 0.95), pct(micros, 0.99), micros[micros.length - 1] / 1000.0);
    } finally {
      background.shutdownNow();
    }
  }

  private long send(Run run, String ids, int i) throws Exception {
    AuditRecord audit = OutputSamples.audit(ids, i);
    producer.send(new ProducerRecord<>(run.topic, audit.getInquiryId(), audit)).get();
    return System.nanoTime();
  }

  private static boolean exists(PreparedStatement q) throws SQLException {
    try (ResultSet rs = q.executeQuery()) {
      return rs.next();
    }
  }

  private static double pct(long[] sortedMicros, double p) {
    int index = (int) Math.ceil(p * sortedMicros.length) - 1;
    return sortedMicros[Math.max(0, index)] / 1000.0;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void await(List<Future<RecordMetadata>> acks) throws InterruptedException, ExecutionException {
    for (Future<RecordMetadata> ack : acks) {
      ack.get();
    }
  }

  /** One measurement: its own topic, scratch database and Connect worker with the audit sink. */
  private final class Run implements AutoCloseable {
    final String prefix = "sinkbench-" + UUID.randomUUID().toString().substring(0, 8);
    final String topic = prefix + "." + SinkTable.AUDIT.topicSuffix();
    final ScratchDatabase database = ScratchDatabase.create(server, "sinkbench");
    final EmbeddedConnect connect = EmbeddedConnect.start(stack.bootstrapServers());
    final SinkConnector connector;

    Run(int batchSize) {
      stack.kafka().createTopic(topic, 1);
      stack.kafka().createTopic(prefix + ".connect-dlq", 1);
      // No password: the benchmark's server trusts loopback connections.
      connector = SinkConnectorConfigs.forTable(SinkTable.AUDIT, SinkSettings.embedded(database.jdbcUrl(),
              database.user(), "", stack.schemaRegistryUrl())
          .withTopicPrefix(prefix + ".").withConnectorPrefix(prefix + "-").withBatchSize(batchSize));
    }

    void deploy() {
      connect.deploy(connector);
    }

    long rows() {
      try (Connection c = database.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM audit")) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException e) {
        return 0; // the sink has not created the table yet
      }
    }

    @Override
    public void close() {
      connect.close();
      database.close();
    }
  }
}
