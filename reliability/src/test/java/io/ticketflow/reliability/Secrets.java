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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks for the secrets the pipeline's processes get (the LLM API key, the database password)
 * everywhere they must never be: child logs, every topic's bytes (Connect's own topics included),
 * every table. Customers' texts belong in topics and tables but in no log: phrases of {@link
 * Traffic}'s questions for the model are looked for in the child logs too.
 */
final class Secrets {
  private static final Map<String, String> SECRETS = Map.of(
      "API key", FaultPipeline.API_KEY, "database password", FaultPipeline.DB_PASSWORD);

  /** Phrases of the inquiries {@link Traffic} plans for the model, one per language. */
  private static final Map<String, String> CUSTOMER_TEXTS = Map.of(
      "an English inquiry's text", Traffic.LLM_PHRASE_EN, "a Chinese inquiry's text", Traffic.LLM_PHRASE_ZH);

  private Secrets() {}

  /** Where a secret was found (empty when nowhere), after checking that there was something to search. */
  static List<String> find(FaultPipeline p) {
    List<String> found = new ArrayList<>();
    SECRETS.forEach((name, secret) -> find(p, secret).forEach(where -> found.add(name + " in " + where)));
    CUSTOMER_TEXTS.forEach((name, text) -> logsContaining(p, text.getBytes(StandardCharsets.UTF_8))
        .forEach(where -> found.add(name + " in " + where)));
    return found;
  }

  private static List<String> logsContaining(FaultPipeline p, byte[] needle) {
    List<String> found = new ArrayList<>();
    long logBytes = 0;
    for (Path log : p.allLogs()) {
      try {
        byte[] content = Files.readAllBytes(log);
        logBytes += content.length;
        if (contains(content, needle)) {
          found.add("log " + log);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(logBytes).as("the child processes wrote logs").isPositive();
    return found;
  }

  private static List<String> find(FaultPipeline p, String secret) {
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    List<String> found = new ArrayList<>(logsContaining(p, key));
    long topicRecords = 0;
    for (String topic : allTopics(p)) {
      long[] records = {0};
      // read_uncommitted: aborted transactions' records too.
      p.io.readAll(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), "read_uncommitted").forEach(r -> {
        records[0]++;
        if (contains(r.key(), key) || contains(r.value(), key)) {
          found.add("topic " + topic + " offset " + r.offset());
        }
        for (Header h : r.headers()) {
          if (contains(h.value(), key) || h.key().contains(secret)) {
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
                 + secret + "%'")) {
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
