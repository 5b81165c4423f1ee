package io.ticketflow.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportFormatterTest {
  private static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-01-08T00:00:00Z");

  private static Report sample() {
    Map<String, Long> routes = new LinkedHashMap<>();
    routes.put("FAQ", 60L);
    routes.put("ESCALATED", 25L);
    routes.put("LLM", 15L);
    return new Report(SINCE, UNTIL, routes, 0.75, Map.of("LOW_CONFIDENCE", 20L), 120.0, 950.0, 3000, 400, 0.0123,
        List.of(new Report.Question("shop", "Do you sell gift cards?", "ESCALATED", 7)),
        List.of(new Report.FaqRating("shop", "refund-policy", 10, 4)));
  }

  @Test
  void tableShowsEveryFigure() {
    String t = ReportFormatter.table(sample());
    assertThat(t).contains("Inquiries            100")
        .contains("Resolution rate      75.0 %")
        .contains("Routes               FAQ 60, ESCALATED 25, LLM 15")
        .contains("Escalation reasons   LOW_CONFIDENCE 20")
        .contains("p50 120 ms, p95 950 ms")
        .contains("3000 prompt + 400 completion tokens, $0.0123")
        .contains("7  ESCALATED shop   Do you sell gift cards?")
        .contains("shop   refund-policy            4 of 10 ratings unhelpful");
  }

  @Test
  void emptyPeriodSaysSoInsteadOfDividingByZero() {
    Report empty = new Report(SINCE, UNTIL, Map.of(), null, Map.of(), null, null, 0, 0, 0, List.of(), List.of());
    String t = ReportFormatter.table(empty);
    assertThat(t).contains("Inquiries            0").contains("Resolution rate      –").contains("Latency              –");
    assertThat(t).contains("none");
  }

  @Test
  void thePeriodIsShownToTheSecond() throws Exception {
    Report r = new Report(Instant.parse("2026-01-01T01:53:03.846512Z"), Instant.parse("2026-01-08T01:53:03.846512Z"),
        Map.of(), null, Map.of(), null, null, 0, 0, 0, List.of(), List.of());

    assertThat(ReportFormatter.table(r)).startsWith("ticketflow report 2026-01-01T01:53:03Z – 2026-01-08T01:53:03Z");
    JsonNode j = new ObjectMapper().readTree(ReportFormatter.json(r));
    assertThat(j.get("since").asText()).isEqualTo("2026-01-01T01:53:03Z");
    assertThat(j.get("until").asText()).isEqualTo("2026-01-08T01:53:03Z");
  }

  @Test
  void jsonCarriesTheSameFigures() throws Exception {
    JsonNode j = new ObjectMapper().readTree(ReportFormatter.json(sample()));
    assertThat(j.get("inquiries").asLong()).isEqualTo(100);
    assertThat(j.get("resolutionRate").asDouble()).isEqualTo(0.75);
    assertThat(j.get("routes").get("LLM").asLong()).isEqualTo(15);
    assertThat(j.get("p95Millis").asDouble()).isEqualTo(950.0);
    assertThat(j.get("costUsd").asDouble()).isEqualTo(0.0123);
    assertThat(j.get("topQuestions").get(0).get("text").asText()).isEqualTo("Do you sell gift cards?");
    assertThat(j.get("leastHelpful").get(0).get("unhelpful").asLong()).isEqualTo(4);
    assertThat(j.get("since").asText()).isEqualTo("2026-01-01T00:00:00Z");
  }
}
