package io.ticketflow.reliability;

import static org.awaitility.Awaitility.await;

import io.ticketflow.reliability.Traffic.Kind;
import io.ticketflow.reliability.Traffic.Planned;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What came out of the pipeline for a scenario's traffic, in the topics (read_committed) and in
 * the database, against what had to: every input record one audit record; every valid first-time
 * inquiry exactly one reply or escalation; every bad record one dead letter.
 */
final class Ledger {
  final String scenario;
  final int sent;
  final Map<String, List<Reply>> replies;
  final Map<String, List<Escalation>> escalations;
  final List<ConsumerRecord<String, Reply>> replyRecords;
  final List<ConsumerRecord<String, Escalation>> escalationRecords;
  final Map<String, AuditRecord> decisions;
  final List<DeadLetter> deadLetters;
  final int answered;
  final int escalated;
  final int dlq;
  final List<String> lost = new ArrayList<>();
  final List<String> duplicated = new ArrayList<>();
  final List<String> unexpected = new ArrayList<>();

  private Ledger(String scenario, List<Planned> planned, List<ConsumerRecord<String, Reply>> replyRecords,
      List<ConsumerRecord<String, Escalation>> escalationRecords, List<ConsumerRecord<String, AuditRecord>> audits,
      List<ConsumerRecord<String, DeadLetter>> dlqRecords, DatabaseRows rows) {
    this.scenario = scenario;
    this.sent = planned.size();
    this.replyRecords = replyRecords;
    this.escalationRecords = escalationRecords;
    this.replies = replyRecords.stream().map(ConsumerRecord::value)
        .collect(Collectors.groupingBy(Reply::getInquiryId));
    this.escalations = escalationRecords.stream().map(ConsumerRecord::value)
        .collect(Collectors.groupingBy(Escalation::getInquiryId));
    this.deadLetters = dlqRecords.stream().map(ConsumerRecord::value).toList();
    this.decisions = new HashMap<>();

    Set<String> mustAnswer = new LinkedHashSet<>();
    Set<String> mustNotAnswer = new HashSet<>();
    for (Planned p : planned) {
      if (p.needsAnswer() && p.kind() != Kind.DUPLICATE) {
        mustAnswer.add(p.inquiryId());
      } else if (p.kind() == Kind.INVALID) {
        mustNotAnswer.add(p.inquiryId());
      }
    }
    // Topics.
    for (String id : mustAnswer) {
      int outcomes = replies.getOrDefault(id, List.of()).size() + escalations.getOrDefault(id, List.of()).size();
      if (outcomes == 0) {
        lost.add("topic: no reply or escalation for " + id);
      } else if (outcomes > 1) {
        duplicated.add("topic: " + outcomes + " replies/escalations for " + id);
      }
    }
    Set<String> known = new HashSet<>(mustAnswer);
    for (String id : union(replies.keySet(), escalations.keySet())) {
      if (!known.contains(id)) {
        unexpected.add("topic: reply/escalation for " + id + (mustNotAnswer.contains(id) ? " (an invalid inquiry)" : ""));
      }
    }
    Map<String, Long> auditKeys = audits.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    auditKeys.forEach((key, n) -> {
      if (n > 1) {
        duplicated.add("topic: " + n + " audit records under key " + key);
      }
    });
    if (auditKeys.size() < sent) {
      lost.add("topic: " + (sent - auditKeys.size()) + " input records without an audit record");
    } else if (auditKeys.size() > sent) {
      unexpected.add("topic: " + (auditKeys.size() - sent) + " audit records more than input records");
    }
    for (ConsumerRecord<String, AuditRecord> a : audits) {
      if (a.key().equals(a.value().getInquiryId())) {
        decisions.put(a.key(), a.value());
      }
    }
    for (String id : mustAnswer) {
      if (!decisions.containsKey(id)) {
        lost.add("topic: no decision audit record for " + id);
      }
    }
    Map<String, Long> dlqKeys = dlqRecords.stream()
        .collect(Collectors.groupingBy(r -> r.value().getDeadLetterId(), Collectors.counting()));
    dlqKeys.forEach((key, n) -> {
      if (n > 1) {
        duplicated.add("topic: " + n + " dead letters " + key);
      }
    });
    Set<String> dlqOriginalKeys = deadLetters.stream().filter(d -> d.getKey() != null)
        .map(d -> StandardCharsets.UTF_8.decode(d.getKey().duplicate()).toString()).collect(Collectors.toSet());
    Set<String> dlqInquiryIds = deadLetters.stream().map(DeadLetter::getInquiryId).filter(java.util.Objects::nonNull)
        .collect(Collectors.toSet());
    for (Planned p : planned) {
      if (p.kind() == Kind.MALFORMED && !dlqOriginalKeys.contains(p.key())) {
        lost.add("topic: no dead letter for malformed record " + p.key());
      } else if (p.kind() == Kind.INVALID && !dlqInquiryIds.contains(p.inquiryId())) {
        lost.add("topic: no dead letter for invalid inquiry " + p.inquiryId());
      }
    }
    long expectedDeadLetters = planned.stream().filter(Planned::deadLettered).count();
    if (dlqKeys.size() != expectedDeadLetters) {
      (dlqKeys.size() < expectedDeadLetters ? lost : unexpected).add("topic: " + dlqKeys.size()
          + " distinct dead letters, expected " + expectedDeadLetters);
    }
    // Database.
    for (String id : mustAnswer) {
      boolean reply = rows.replies.contains(id);
      boolean escalation = rows.escalations.contains(id);
      if (!reply && !escalation) {
        lost.add("database: no reply or escalation row for " + id);
      } else if (reply && escalation) {
        duplicated.add("database: both a reply and an escalation row for " + id);
      }
    }
    if (rows.audit < sent) {
      lost.add("database: " + (sent - rows.audit) + " input records without an audit row");
    }
    if (rows.deadLetters < expectedDeadLetters) {
      lost.add("database: " + (expectedDeadLetters - rows.deadLetters) + " dead letters without a row");
    }
    // The id sets above hide a row written twice (an insert instead of an upsert on redelivery).
    rows.duplicateRows.forEach((table, n) -> {
      if (n > 0) {
        duplicated.add("database: " + n + " rows of table " + table + " repeat its key");
      }
    });
    this.answered = (int) mustAnswer.stream().filter(replies::containsKey).count();
    this.escalated = (int) mustAnswer.stream().filter(escalations::containsKey).count();
    this.dlq = dlqKeys.size();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * Waits until the database holds a row for everything sent (or {@code timeout} passes), then
   * reads the topics and the tables and settles the account.
   */
  static Ledger settle(FaultPipeline p, List<Planned> planned, Duration timeout) {
    Set<String> mustAnswer = planned.stream().filter(x -> x.needsAnswer() && x.kind() != Kind.DUPLICATE)
        .map(Planned::inquiryId).collect(Collectors.toSet());
    long deadLettered = planned.stream().filter(Planned::deadLettered).count();
    try {
      await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
        DatabaseRows rows = DatabaseRows.read(p);
        return union(rows.replies, rows.escalations).containsAll(mustAnswer) && rows.audit >= planned.size()
            && rows.deadLetters >= deadLettered;
      });
    } catch (ConditionTimeoutException e) {
      // Settle anyway: the table says what is missing.
    }
    DatabaseRows rows = DatabaseRows.read(p);
    Ledger ledger = new Ledger(p.scenario, planned,
        p.io.readAll(p.topics.replies().name(), p.topics.replies().valueSerde().deserializer()),
        p.io.readAll(p.topics.escalations().name(), p.topics.escalations().valueSerde().deserializer()),
        p.io.readAll(p.topics.audit().name(), p.topics.audit().valueSerde().deserializer()),
        p.io.readAll(p.topics.dlq().name(), p.topics.dlq().valueSerde().deserializer()), rows);
    ledger.print();
    return ledger;
  }

  /** The promise of every scenario: lost = 0, duplicated = 0, nothing that should not exist. */
  Ledger assertNothingLostOrDuplicated() {
    org.assertj.core.api.Assertions.assertThat(lost).as(scenario + ": lost").isEmpty();
    org.assertj.core.api.Assertions.assertThat(duplicated).as(scenario + ": duplicated").isEmpty();
    org.assertj.core.api.Assertions.assertThat(unexpected).as(scenario + ": unexpected outputs").isEmpty();
    return this;
  }

  /** Escalations whose inquiry is of {@code kind}, by id. */
  Map<String, Escalation> escalationsOf(List<Planned> planned, Kind kind) {
    return planned.stream().filter(x -> x.kind() == kind && escalations.containsKey(x.inquiryId()))
        .collect(Collectors.toMap(Planned::inquiryId, x -> escalations.get(x.inquiryId()).get(0), (a, b) -> a));
  }

  /** Replies whose inquiry is of {@code kind}, by id. */
  Map<String, Reply> repliesOf(List<Planned> planned, Kind kind) {
    return planned.stream().filter(x -> x.kind() == kind && replies.containsKey(x.inquiryId()))
        .collect(Collectors.toMap(Planned::inquiryId, x -> replies.get(x.inquiryId()).get(0), (a, b) -> a));
  }

  /** The short table every scenario prints, also appended to the run's summary file. */
  void print() {
    String header = String.format("%-22s %7s %9s %10s %6s %5s %11s", "scenario", "sent", "answered", "escalated",
        "DLQ", "lost", "duplicated");
    String row = String.format("%-22s %7d %9d %10d %6d %5d %11d", scenario, sent, answered, escalated, dlq,
        lost.size(), duplicated.size());
    StringBuilder text = new StringBuilder().append(header).append('\n').append(row).append('\n');
    lost.stream().limit(20).forEach(l -> text.append("  lost: ").append(l).append('\n'));
    duplicated.stream().limit(20).forEach(d -> text.append("  duplicated: ").append(d).append('\n'));
    unexpected.stream().limit(20).forEach(u -> text.append("  unexpected: ").append(u).append('\n'));
    System.out.print(text);
    Path summary = Path.of(System.getProperty("ticketflow.reliability.logs", "target/reliability-logs"), "summary.txt");
    try {
      Files.createDirectories(summary.getParent());
      Files.writeString(summary, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows the sinks wrote. */
  record DatabaseRows(Set<String> replies, Set<String> escalations, long audit, long deadLetters,
      Map<String, Long> duplicateRows) {
    /** Each sink table and its primary key column (SinkTable), whose value a row must not repeat. */
    private static final Map<String, String> KEYS = Map.of("replies", "inquiryid", "escalations", "inquiryid",
        "audit", "auditkey", "dead_letters", "deadletterid");

    static DatabaseRows read(FaultPipeline p) {
      try (Connection c = p.db.connect()) {
        Map<String, Long> duplicateRows = new HashMap<>();
        for (Map.Entry<String, String> k : KEYS.entrySet()) {
          duplicateRows.put(k.getKey(), duplicateRows(c, k.getKey(), k.getValue()));
        }
        return new DatabaseRows(ids(c, "replies"), ids(c, "escalations"), count(c, "audit"), count(c, "dead_letters"),
            duplicateRows);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read " + p.db, e);
      }
    }

    /** Rows of {@code table} beyond the first with the same {@code key}. */
    private static long duplicateRows(Connection c, String table, String key) throws SQLException {
      if (!exists(c, table)) {
        return 0;
      }
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*) - count(DISTINCT " + key + ") FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    private static Set<String> ids(Connection c, String table) throws SQLException {
      Set<String> ids = new HashSet<>();
      if (exists(c, table)) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT inquiryid FROM " + table)) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      return ids;
    }

    private static long count(Connection c, String table) throws SQLException {
      if (!exists(c, table)) {
        return 0;
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    static boolean exists(Connection c, String table) throws SQLException {
      try (ResultSet rs = c.getMetaData().getTables(null, null, table, new String[] {"TABLE"})) {
        return rs.next();
      }
    }
  }
}
