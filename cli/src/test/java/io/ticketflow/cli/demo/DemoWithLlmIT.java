package io.ticketflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.llm.FakeOpenAiServer;
import io.ticketflow.devstack.llm.FakeResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo with an LLM configured the way a user does it (OPENAI_API_KEY, OPENAI_BASE_URL), against
 * an OpenAI-compatible fake: inquiries the FAQ cannot answer go to the model with PII redacted,
 * its verdicts decide their route, and the model and tokens reach the audit table.
 */
class DemoWithLlmIT {

  @Test
  void inquiriesTheFaqCannotAnswerGoToTheModelWithPiiRedacted() throws Exception {
    try (FakeOpenAiServer llm = FakeOpenAiServer.start()) {
      llm.respondWith(r -> FakeResponse.answer("Our support team can help with that in the app.", 0.9,
          FakeOpenAiServer.faqIds(r), false, "en"));
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      DemoOptions opts = new DemoOptions(true, null, null, null, 0, 0, 0, 0, 0,
          Map.of("OPENAI_API_KEY", "sk-test-not-a-real-key", "OPENAI_BASE_URL", llm.baseUrl()),
          Duration.ofSeconds(60), new PrintStream(output, true, StandardCharsets.UTF_8));
      try (Demo demo = new Demo(opts)) {
        Demo.Result result = demo.run();
        String printed = output.toString(StandardCharsets.UTF_8);
        assertThat(result.missing()).as(printed).isEmpty();
        // With only exact FAQ matches there is nothing to ground an answer on, so the model's
        // uncited answers go to a human (LLM_NEEDS_HUMAN) rather than to the customer.
        assertThat(printed).contains("LLM answering on").containsAnyOf("→ LLM", "LLM_NEEDS_HUMAN")
            .doesNotContain("sk-test-not-a-real-key");
        assertThat(llm.requests()).isNotEmpty();
        String sent = String.join("\n", llm.requests().stream().map(FakeOpenAiServer.RecordedRequest::allText).toList());
        assertThat(sent).contains("[PHONE]").contains("[BANK_CARD]").doesNotContain("13812345678")
            .doesNotContain("6222 0212 3456 7894").doesNotContain("110101199003074514");
        try (Connection c = DriverManager.getConnection(result.jdbcUrl(), "postgres", "");
             ResultSet r = c.createStatement().executeQuery("SELECT count(*), sum(prompttokens) FROM audit WHERE model IS NOT NULL")) {
          r.next();
          assertThat(r.getLong(1)).isPositive();
          assertThat(r.getLong(2)).isPositive();
        }
      }
    }
  }
}
