package io.ticketflow.cli;

import io.ticketflow.cli.report.Report;
import io.ticketflow.cli.report.ReportFormatter;
import io.ticketflow.cli.report.ReportQueries;
import io.ticketflow.config.DurationValidator;
import io.ticketflow.connect.sink.SinkSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ticketflow report}: how the helpdesk did, from the database the sink writes. */
@Command(name = "report", mixinStandardHelpOptions = true,
    versionProvider = TicketflowCommand.Version.class, sortOptions = false,
    description = {"Shows how the helpdesk did, from the database the sink writes.",
        "",
        "Resolution rate, route split, escalation reasons, latency percentiles, LLM",
        "tokens and cost, the questions most often escalated or answered by the LLM",
        "(candidates for new FAQ entries) and the least helpful FAQ entries, read",
        "from the sink tables (replies, escalations, audit, feedback)."},
    footer = {"", "Examples:", "  ticketflow report", "  ticketflow report --since 24h --json",
        "  ticketflow report --jdbc-url jdbc:postgresql://db:5432/helpdesk \\",
        "      --jdbc-user report --jdbc-password secret",
        "", "Exit codes: 0 printed, 1 cannot reach or read the database, 2 invalid --since."})
public final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--since", paramLabel = "DURATION", defaultValue = "7d",
      description = "Period up to now: 7d, 24h, 30m or ISO-8601 like P7D (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--json", description = "One JSON object instead of a table.")
  boolean json;

  @Option(names = "--verbose", description = "Show stack traces of failures.")
  boolean verbose;

  @Mixin
  ConnectionOptions.Database database = new ConnectionOptions.Database();

  @Override
  public Integer call() {
    Duration period;
    try {
      period = DurationValidator.parse(since);
      if (period.isZero() || period.isNegative()) {
        // A period that ends before it starts: every query would count nothing, silently.
        throw new IllegalArgumentException("not a positive period");
      }
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("Invalid --since " + since + ": use 7d, 24h, 30m or P7D");
      spec.commandLine().getErr().flush();
      return 2;
    }
    Instant now = Instant.now();
    try (Connection c = DriverManager.getConnection(database.url, database.user, database.password)) {
      Report report = ReportQueries.read(c, now.minus(period), now);
      if (!ReportQueries.hasAuditTable(c)) {
        spec.commandLine().getErr().println("note: " + SinkSettings.redactedJdbcUrl(database.url)
            + " has no audit table: the sinks have written nothing there (is it the database they write?)");
        spec.commandLine().getErr().flush();
      }
      spec.commandLine().getOut().print(json ? ReportFormatter.json(report) + System.lineSeparator() : ReportFormatter.table(report));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (SQLException e) {
      return Failures.report(spec.commandLine().getErr(), "report",
          // The driver's message can repeat the URL (a password in it too): masked, without the cause.
          new SQLException(SinkSettings.redactedJdbcUrl("cannot read the database at " + database.url + ": "
              + e.getMessage()), e.getSQLState()), verbose, 1);
    }
  }
}
