package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.db.EmbeddedPostgresDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ReportCommandTest {

  @Test
  void aPasswordInTheJdbcUrlIsMaskedInTheErrorAndItsDriversMessage() {
    StringWriter err = new StringWriter();
    CommandLine cli = TicketflowCommand.commandLine();
    cli.setErr(new PrintWriter(err));
    // No driver takes this URL, and the JDK's message repeats it whole.
    int code = cli.execute("report", "--jdbc-url", "jdbc:nosuchdb://127.0.0.1:1/t?user=u&password=s3cret");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("cannot read the database at jdbc:nosuchdb://127.0.0.1:1/t?user=u&password=***")
        .doesNotContain("s3cret");
  }

  /** FaqStatsAggregation counts a rating of 2 or less without "helpful" as unhelpful: the report must agree. */
  @Test
  void aLowRatingWithoutHelpfulCountsAsUnhelpful() throws Exception {
    try (EmbeddedPostgresDatabase db = EmbeddedPostgresDatabase.start()) {
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE replies (inquiryid text primary key, source text, faqid text)");
        s.execute("CREATE TABLE feedback (feedbackid text primary key, inquiryid text, helpful boolean, rating int, "
            + "createdat timestamp)");
        s.execute("INSERT INTO replies VALUES ('i1', 'FAQ', 'return-policy'), ('i2', 'FAQ', 'opening-hours')");
        s.execute("INSERT INTO feedback VALUES "
            + "('f1', 'i1', NULL, 1, (now() at time zone 'utc') - interval '1 hour'), "
            + "('f2', 'i2', NULL, 3, (now() at time zone 'utc') - interval '1 hour')");
      }
      CliRunner cli = new CliRunner();
      assertThat(cli.run("report", "--json", "--jdbc-url", db.jdbcUrl(), "--jdbc-user", db.user()))
          .as(cli.err()).isZero();
      assertThat(cli.out()).contains("return-policy").doesNotContain("opening-hours");
    }
  }

  /** A mistyped database name (the sinks' is not the server's default) printed an all-zero report and nothing else. */
  @Test
  void aDatabaseWithoutTheSinkTablesIsSaidToBeSo() throws Exception {
    try (EmbeddedPostgresDatabase db = EmbeddedPostgresDatabase.start()) {
      CliRunner cli = new CliRunner();
      assertThat(cli.run("report", "--jdbc-url", db.jdbcUrl(), "--jdbc-user", db.user())).as(cli.err()).isZero();
      assertThat(cli.out()).contains("Inquiries            0");
      assertThat(cli.err()).contains("note: " + db.jdbcUrl() + " has no audit table: the sinks have written nothing"
          + " there (is it the database they write?)");
    }
  }

  @Test
  void aSinceThatIsZeroOrNegativeIsInvalid() {
    for (String since : new String[] {"0d", "PT0S", "PT-5H"}) {
      CliRunner cli = new CliRunner();
      assertThat(cli.run("report", "--since", since, "--jdbc-url", "jdbc:nosuchdb://x")).as(since).isEqualTo(2);
      assertThat(cli.err()).as(since).contains("Invalid --since " + since);
    }
  }
}
