package io.ticketflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Looks for the API key everywhere it must never be: child logs, every topic's bytes, every table. */
final class Secrets {
  private Secrets() {}

  /** Where the key was found (empty when nowhere), after checking that there was something to search. */
  static List<String> findKey(FaultPipeline p) {
    byte[] key = FaultPipeline.API_KEY.getBytes(StandardCharsets.UTF_8);
    List<String> found = new ArrayList<>();
    long logBytes = 0;
    for (Path log : p.allLogs()) {
      try {
        byte[] content = Files.readAllBytes(log);
        logBytes += content.length;
        if (contains(content, key)) {
          found.add("log " + log);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(logBytes).as("the child processes wrote logs").isPositive();
    long topicRecords = 0;
    for (String topic : allTopics(p)) {
      long[] records = {0};
      readRaw(p.stack.bootstrapServers(), topic, r -> {
        records[0]++;
        if (contains(r.key(), key) || contains(r.value(), key)) {
          found.add("topic " + topic + " offset " + r.offset());
        }
        for (Header h : r.headers()) {
          if (contains(h.value(), key) || h.key().contains(FaultPipeline.API_KEY)) {
            found.add("topic " + topic + " header " + h.key());
          }
        }
      });
      topicRecords += records[0];
    }
    assertThat(topicRecords).as("records were searched").isPositive();
    try (Connection c = p.db.connect(); Statement s = c.createStatement();
         ResultSet tables = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
      List<String> names = new ArrayList<>();
      while (tables.next()) {
        names.add(tables.getString(1));
      }
      assertThat(names).as("tables in the database").isNotEmpty();
      for (String table : names) {
        try (Statement q = c.createStatement();
             ResultSet rs = q.executeQuery("SELECT count(*) FROM \"" + table + "\" t WHERE t::text LIKE '%"
                 + FaultPipeline.API_KEY + "%'")) {
          rs.next();
          if (rs.getLong(1) > 0) {
            found.add("table " + table + " (" + rs.getLong(1) + " rows)");
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot search " + p.db, e);
    }
    return found;
  }

  private static Set<String> allTopics(FaultPipeline p) {
    try {
      return p.io.admin().listTopics(new ListTopicsOptions().listInternal(true)).names().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Every record of {@code topic}, aborted transactions included (read_uncommitted). */
  private static void readRaw(String bootstrap, String topic,
      java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(pi -> new TopicPartition(topic, pi.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    if (haystack == null) {
      return false;
    }
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
