package io.ticketflow.devstack.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ticketflow.connect.sink.SinkTable;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.schema.AuditRecord;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.Escalation;
import io.ticketflow.schema.Feedback;
import io.ticketflow.schema.Reply;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The output topics reach PostgreSQL through a real Connect worker running the Debezium JDBC
 * sink with our Avro converter: 2,000 records per topic become typed rows, redelivery changes no
 * count (upsert on the record's own id). One worker and one scratch database for the class.
 */
@ExtendWith(EmbeddedStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseSinkIT {
  static final int N = 2_000;
  static final String IDS = "bulk";
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** The sink writes timestamps as UTC wall-clock time into "timestamp without time zone". */
  static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

  SinkFixture fx;

  @BeforeAll
  void startSinksAndLoadEveryTopic(EmbeddedStack stack) {
    fx = new SinkFixture(stack, "dbsinkit");
    sendBulk();
    await().atMost(TIMEOUT).untilAsserted(() -> {
      for (SinkTable table : SinkTable.values()) {
        assertThat(fx.rowsWithPrefix(table, IDS)).as(table.tableName()).isEqualTo(N);
      }
    });
  }

  private void sendBulk() {
    send(SinkTable.REPLIES, i -> OutputSamples.reply(IDS, i), v -> ((Reply) v).getConversationId());
    send(SinkTable.ESCALATIONS, i -> OutputSamples.escalation(IDS, i), v -> ((Escalation) v).getConversationId());
    send(SinkTable.AUDIT, i -> OutputSamples.audit(IDS, i), v -> ((AuditRecord) v).getInquiryId());
    send(SinkTable.FEEDBACK, i -> OutputSamples.feedback(IDS, i), v -> ((Feedback) v).getConversationId());
    send(SinkTable.DEAD_LETTERS, i -> OutputSamples.deadLetter(IDS, i), v -> ((DeadLetter) v).getDeadLetterId());
  }

  private void send(SinkTable table, IntFunction<GenericContainer> record,
      Function<GenericContainer, String> key) {
    List<GenericContainer> values = IntStream.range(0, N).mapToObj(record).toList();
    fx.sendAll(table, values, key);
  }

  @AfterAll
  void stop() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void everyOutputTopicBecomesRowsWithTypedColumns() throws Exception {
    assertThat(fx.columnTypes("replies")).containsEntry("inquiryid", "text")
        .containsEntry("createdat", "timestamp without time zone")
        .containsEntry("confidence", "double precision")
        .containsEntry("source", "text")
        .containsEntry("citedfaqids", "_text");
    assertThat(fx.columnTypes("audit")).containsEntry("processedat", "timestamp without time zone")
        .containsEntry("receivedat", "timestamp without time zone")
        .containsEntry("prompttokens", "integer")
        .containsEntry("llmmillis", "bigint")
        .containsEntry("guardflags", "_text");
    assertThat(fx.columnTypes("feedback")).containsEntry("helpful", "boolean")
        .containsEntry("rating", "integer");
    assertThat(fx.columnTypes("dead_letters")).containsEntry("value", "bytea");

    Reply expected = OutputSamples.reply(IDS, 1234);
    try (Connection c = fx.database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT conversationId, tenantId, channel, customerId, text,"
            + " source, faqId, citedFaqIds, confidence, createdAt FROM replies WHERE inquiryId = '"
            + expected.getInquiryId() + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(expected.getConversationId());
      assertThat(rs.getString(2)).isEqualTo(expected.getTenantId());
      assertThat(rs.getString(3)).isEqualTo(expected.getChannel().name());
      assertThat(rs.getString(4)).isEqualTo(expected.getCustomerId());
      assertThat(rs.getString(5)).isEqualTo(expected.getText());
      assertThat(rs.getString(6)).isEqualTo(expected.getSource().name());
      assertThat(rs.getString(7)).isEqualTo(expected.getFaqId());
      Array cited = rs.getArray(8);
      assertThat((Object[]) cited.getArray()).containsExactlyElementsOf(expected.getCitedFaqIds());
      assertThat(rs.getDouble(9)).isEqualTo(expected.getConfidence());
      Timestamp createdAt = rs.getTimestamp(10, UTC);
      assertThat(createdAt.toInstant()).isEqualTo(expected.getCreatedAt());
    }
    Escalation escalation = OutputSamples.escalation(IDS, 1001);
    AuditRecord audit = OutputSamples.audit(IDS, 1001);
    try (Connection c = fx.database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT e.reason, e.suggestedAnswer, e.createdAt, a.receivedAt,"
            + " a.guardFlags, a.score, a.llmMillis FROM escalations e JOIN audit a ON a.inquiryId = e.inquiryId"
            + " WHERE e.inquiryId = '" + escalation.getInquiryId() + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(escalation.getReason().name());
      assertThat(rs.getString(2)).isNull(); // odd i: no suggested answer
      assertThat(rs.getTimestamp(3, UTC).toInstant()).isEqualTo(escalation.getCreatedAt());
      assertThat(rs.getTimestamp(4, UTC).toInstant()).isEqualTo(audit.getReceivedAt());
      assertThat((Object[]) rs.getArray(5).getArray()).isEmpty();
      assertThat(rs.getDouble(6)).isEqualTo(audit.getScore());
      assertThat(rs.getLong(7)).isZero();
      assertThat(rs.wasNull()).isTrue(); // not an LLM route: llmMillis is NULL
    }
    DeadLetter dl = OutputSamples.deadLetter(IDS, 7);
    try (Connection c = fx.database.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT key, value, reasonCode, sourceOffset FROM dead_letters"
            + " WHERE deadLetterId = '" + dl.getDeadLetterId() + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(new String(rs.getBytes(1), StandardCharsets.UTF_8)).isEqualTo("key-7");
      assertThat(rs.getBytes(2)).containsExactly(7, 1, 2, 7);
      assertThat(rs.getString(3)).isEqualTo("DESERIALIZATION_FAILED");
      assertThat(rs.getLong(4)).isEqualTo(7L);
    }
    assertThat(fx.count("SELECT count(*) FROM feedback WHERE feedbackId = 'bulk-fb-10' AND helpful = false"
        + " AND rating = 1 AND comment = 'did not help'")).isEqualTo(1);
    assertThat(fx.count("SELECT count(*) FROM audit WHERE route = 'LLM' AND costUsd > 0"
        + " AND model = 'gpt-4o-mini'")).isEqualTo(N / 5);
  }

  @Test
  void aDuplicatesAuditRowKeyedByItsSourcePositionKeepsTheDecisionRow() throws Exception {
    AuditRecord decision = OutputSamples.audit("dupcheck", 1);
    AuditRecord duplicate = AuditRecord.newBuilder(decision).setRoute(io.ticketflow.schema.Route.DUPLICATE)
        .setReason("DUPLICATE").build();
    fx.sendAll(SinkTable.AUDIT, List.of(decision), v -> ((AuditRecord) v).getInquiryId());
    fx.sendAll(SinkTable.AUDIT, List.of(duplicate), v -> "helpdesk.inquiries-0-4242");

    await().atMost(TIMEOUT).untilAsserted(() -> {
      try (Connection c = fx.database.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT auditKey, route FROM audit WHERE inquiryId = '"
              + decision.getInquiryId() + "' ORDER BY auditKey")) {
        List<String> rows = new java.util.ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getString(1) + ":" + rs.getString(2));
        }
        assertThat(rows).containsExactlyInAnyOrder(decision.getInquiryId() + ":" + decision.getRoute(),
            "helpdesk.inquiries-0-4242:DUPLICATE");
      }
    });
  }

  @Test
  void redeliveredRecordsLeaveRowCountsUnchanged() throws Exception {
    sendBulk();
    await().atMost(TIMEOUT).until(() -> {
      for (SinkTable table : SinkTable.values()) {
        if (!fx.caughtUp(table)) {
          return false;
        }
      }
      return true;
    });
    for (SinkTable table : SinkTable.values()) {
      assertThat(fx.count("SELECT count(*) FROM " + table.tableName() + " WHERE "
          + table.primaryKey() + " LIKE 'bulk-%'")).as(table.tableName()).isEqualTo(N);
    }
    assertThat(fx.count("SELECT count(*) FROM replies")).isEqualTo(
        fx.count("SELECT count(DISTINCT inquiryId) FROM replies"));
  }

  @Test
  void connectorsReportRunningTasksThroughTheWorker() {
    for (SinkTable table : SinkTable.values()) {
      var status = fx.sinks.connect().status(fx.connector(table).name());
      assertThat(status.connector().state()).isEqualTo("RUNNING");
      assertThat(status.tasks()).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo("RUNNING"));
    }
    assertThat(fx.sinks.connect().restUrl().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void analyticsQueriesRunAgainstThePopulatedDatabase() throws Exception {
    Map<String, String> queries = AnalyticsQueries.load();
    assertThat(queries).hasSizeGreaterThanOrEqualTo(6);
    for (Map.Entry<String, String> query : queries.entrySet()) {
      try (Connection c = fx.database.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(query.getValue())) {
        assertThat(rs.next()).as("query %s returns rows", query.getKey()).isTrue();
      }
    }
  }
}
