package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
