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
        createReplyAndFeedbackTables(s);
        s.execute("INSERT INTO replies VALUES ('i1', 'shop', 'FAQ', 'return-policy'), "
            + "('i2', 'shop', 'FAQ', 'opening-hours')");
        s.execute("INSERT INTO feedback VALUES "
            + "('f1', 'i1', NULL, NULL, 1, (now() at time zone 'utc') - interval '1 hour'), "
            + "('f2', 'i2', NULL, NULL, 3, (now() at time zone 'utc') - interval '1 hour')");
      }
      CliRunner cli = new CliRunner();
      assertThat(cli.run("report", "--json", "--jdbc-url", db.jdbcUrl(), "--jdbc-user", db.user()))
          .as(cli.err()).isZero();
      assertThat(cli.out()).contains("return-policy").doesNotContain("opening-hours");
    }
  }

  /**
   * FAQ ids are per tenant: two tenants' "refund-policy" entries were one line of the report, with
   * the tenant not shown; and feedback the processor refuses (for another tenant's inquiry, a
   * rating outside 1 to 5: UNKNOWN_INQUIRY, OTHER) was counted, a rating of 0 as unhelpful.
   */
  @Test
  void leastHelpfulEntriesArePerTenantAndCountOnlyFeedbackTheProcessorCounts() throws Exception {
    try (EmbeddedPostgresDatabase db = EmbeddedPostgresDatabase.start()) {
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
          Statement s = c.createStatement()) {
        createReplyAndFeedbackTables(s);
        s.execute("INSERT INTO replies VALUES ('i1', 'shop', 'FAQ', 'refund-policy'), "
            + "('i2', 'bank', 'FAQ', 'refund-policy'), ('i3', 'bank', 'FAQ', 'refund-policy')");
        String hourAgo = "(now() at time zone 'utc') - interval '1 hour'";
        s.execute("INSERT INTO feedback VALUES "
            + "('f1', 'i1', 'shop', false, NULL, " + hourAgo + "), "
            + "('f2', 'i2', 'bank', true, NULL, " + hourAgo + "), "
            + "('f3', 'i3', NULL, true, NULL, " + hourAgo + "), "
            + "('f4', 'i2', 'shop', false, NULL, " + hourAgo + "), "
            + "('f5', 'i3', 'bank', NULL, 0, " + hourAgo + ")");
      }
      CliRunner cli = new CliRunner();
      assertThat(cli.run("report", "--jdbc-url", db.jdbcUrl(), "--jdbc-user", db.user())).as(cli.err()).isZero();
      assertThat(cli.out()).contains("shop   refund-policy            1 of 1 ratings unhelpful")
          .doesNotContain("bank   refund-policy").doesNotContain("of 5 ratings");
    }
  }

  /** The sink's columns of the two tables the least-helpful entries are read from, as far as the report reads them. */
  private static void createReplyAndFeedbackTables(Statement s) throws java.sql.SQLException {
    s.execute("CREATE TABLE replies (inquiryid text primary key, tenantid text, source text, faqid text)");
    s.execute("CREATE TABLE feedback (feedbackid text primary key, inquiryid text, tenantid text, helpful boolean, "
        + "rating int, createdat timestamp)");
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
