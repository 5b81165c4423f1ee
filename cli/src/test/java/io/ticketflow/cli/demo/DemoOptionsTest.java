package io.ticketflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void printedOptionsShowNeitherTheDatabasePasswordNorTheEnvironmentsApiKey() {
    DemoOptions opts = new DemoOptions(true, "jdbc:postgresql://db.example/helpdesk", "helpdesk", "db-s3cret",
        9092, 8081, 8083, 8080, 5433, Map.of("OPENAI_API_KEY", "sk-s3cret"), Duration.ofSeconds(90),
        new PrintStream(OutputStream.nullOutputStream()));

    assertThat(opts.toString()).contains("jdbc:postgresql://db.example/helpdesk", "helpdesk", "[hidden]", "9092")
        .doesNotContain("db-s3cret", "sk-s3cret");
  }
}
