package io.ticketflow.reliability;

import static io.ticketflow.reliability.Traffic.Kind.FAQ;
import static io.ticketflow.reliability.Traffic.Kind.HOSTILE_TEXT;
import static io.ticketflow.reliability.Traffic.Kind.LLM;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.reliability.Traffic.Kind;
import io.ticketflow.reliability.Traffic.Planned;
import io.ticketflow.schema.DeadLetter;
import io.ticketflow.schema.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: 1,000 hostile records (random bytes, unknown schema ids, truncated Avro, 1 MB texts,
 * invalid UTF-8, control characters) interleaved with valid inquiries, some of them SQL, HTML and
 * JSON injection strings. Every hostile record is dead-lettered or rejected with its reason, the
 * valid ones are answered, and the injection strings sit in the database as inert text.
 */
class HostileInputIT {
  private static final int BIG = 3 << 20;
  private static final int HOSTILE = 1_000;

  @Test
  void hostileFloodIsDeadLetteredAndInjectionTextStaysInert() throws Exception {
    Map<String, String> config = Map.of("kafka.producer.max.request.size", String.valueOf(BIG),
        "dlq.max-value-bytes", String.valueOf(2 << 20));
    try (FaultPipeline p = FaultPipeline.start("hostile-input", config,
        Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(BIG)))) {
      Traffic.Plan plan = new Traffic.Plan(p.topics, 6, 200);
      Random random = plan.random();
      byte[] template = plan.serialize(Traffic.Plan.inquiry("t", "c", "abcQQQdef"));
      Map<DeadLetterReason, Long> expected = new java.util.EnumMap<>(DeadLetterReason.class);
      for (int h = 0; h < HOSTILE; h++) {
        expected.merge(h % 6 < 3 ? DeadLetterReason.DESERIALIZATION_FAILED
            : h % 6 == 3 ? DeadLetterReason.TEXT_TOO_LONG : DeadLetterReason.INVALID_TEXT, 1L, Long::sum);
        plan.add(h % 3 == 0 ? HOSTILE_TEXT : h % 3 == 1 ? FAQ : LLM);
        String key = "hostile-" + h;
        switch (h % 6) {
          case 0 -> {
            byte[] junk = new byte[1 + random.nextInt(200)];
            random.nextBytes(junk);
            junk[0] = (byte) (1 + random.nextInt(200));
            plan.raw(key, junk);
          }
          case 1 -> {
            byte[] wrongId = template.clone();
            wrongId[1] = 0x7f;
            wrongId[2] = (byte) random.nextInt(256);
            plan.raw(key, wrongId);
          }
          case 2 -> plan.raw(key, Arrays.copyOf(template, 5 + random.nextInt(template.length - 6)));
          case 3 -> plan.rejected(h % 60 == 3 ? "x".repeat(1_000_000) : "y".repeat(4_001));
          case 4 -> plan.corrupted("abcQQQdef", bytes -> {
            int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("QQQ");
            bytes[at] = (byte) 0xc3;
            bytes[at + 1] = (byte) 0x28;
            return bytes;
          });
          default -> plan.rejected(h % 2 == 0 ? "text with a\u0007bell" : "退款\u001b[31m请求\u0000");
        }
      }
      List<Planned> planned = plan.build();
      p.startProcessor("a");
      try (Traffic traffic = new Traffic(planned, p.topics, p.stack.bootstrapServers()).start(200)) {
        traffic.awaitAllSent(120);
      }
      Ledger ledger = Ledger.settle(p, planned, Duration.ofMinutes(3)).assertNothingLostOrDuplicated();

      long hostile = planned.stream().filter(Planned::deadLettered).count();
      assertThat(hostile).isEqualTo(HOSTILE);
      Map<DeadLetterReason, Long> reasons = ledger.deadLetters.stream()
          .collect(Collectors.groupingBy(DeadLetter::getReasonCode, Collectors.counting()));
      System.out.println("dead letters by reason: " + reasons);
      assertThat(reasons).as("dead letters by reason").isEqualTo(expected);
      assertThat(ledger.deadLetters).as("records that decoded as an Inquiry are not reported as undecodable")
          .filteredOn(d -> d.getReasonCode() == DeadLetterReason.DESERIALIZATION_FAILED && d.getInquiryId() != null)
          .isEmpty();
      assertThat(ledger.deadLetters).allSatisfy(d -> assertThat(d.getMessage()).isNotBlank());
      assertThat(ledger.answered + ledger.escalated).as("valid inquiries answered or escalated")
          .isEqualTo(planned.stream().filter(x -> x.needsAnswer()).count());

      List<Planned> injections = planned.stream().filter(x -> x.kind() == Kind.HOSTILE_TEXT).toList();
      try (Connection c = p.db.connect()) {
        // The sinks create a table with its first row; these all received rows.
        for (String table : List.of("replies", "audit", "dead_letters")) {
          assertThat(Ledger.DatabaseRows.exists(c, table)).as("table " + table + " still exists").isTrue();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT redactedtext FROM audit WHERE auditkey = ?")) {
          for (Planned x : injections) {
            s.setString(1, x.inquiryId());
            try (ResultSet rs = s.executeQuery()) {
              assertThat(rs.next()).as("audit row of " + x.inquiryId()).isTrue();
              assertThat(rs.getString(1)).as("stored as inert text").isEqualTo(x.text());
            }
          }
        }
        try (PreparedStatement s = c.prepareStatement(
            "SELECT (SELECT count(*) FROM replies WHERE inquiryid = 'forged' OR text = 'hacked')"
                + " + (SELECT count(*) FROM audit WHERE inquiryid = 'forged')");
             ResultSet rs = s.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).as("rows forged by injected text").isZero();
        }
      }
      assertThat(Secrets.find(p)).as("places a secret leaked to").isEmpty();
    }
  }
}
