package io.ticketflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseFailuresTest {

  @ParameterizedTest(name = "SQLSTATE {0}: refusal = {1}, passing = {2}")
  @CsvSource({
      "22001, true,  false",  // value too long for its column
      "22P02, true,  false",  // not valid for its type
      "22021, true,  false",  // a character the encoding cannot hold
      "23502, true,  false",  // NOT NULL
      "23505, true,  false",  // unique
      "23514, true,  false",  // CHECK
      "23503, false, false",  // a foreign key: other records may arrive later
      "54000, true,  false",  // key too large for its index
      "08006, false, true",   // connection lost
      "08001, false, true",   // cannot connect
      "57P01, false, true",   // the database is shutting down
      "57P03, false, true",   // the database is starting up
      "57P04, false, false",  // the database was dropped
      "25006, false, true",   // read-only: a fail-over to a standby not yet promoted
      "55P03, false, true",   // a lock not available
      "40002, false, false",  // a deferred constraint
      "53300, false, true",   // too many connections
      "40P01, false, true",   // deadlock
      "42P01, false, false",  // no such table
      "42501, false, false",  // no right to write
      "XX000, false, false",  // internal error
  })
  void aFailureIsJudgedByItsSqlStateClass(String state, boolean refusal, boolean passing) {
    SQLException cause = new SQLException("failed", state);
    Throwable failure = new ConnectException("flush failed", new RuntimeException("hibernate", cause));
    assertThat(DatabaseFailures.refusal(failure).isPresent()).as("refusal").isEqualTo(refusal);
    assertThat(DatabaseFailures.isPassing(failure)).as("passing").isEqualTo(passing);
    assertThat(DatabaseFailures.describe(failure)).isEqualTo("SQLSTATE " + state + ": failed");
  }

  @Test
  void aDataExceptionsQuotedValueIsMaskedAndAConstraintNameIsKept() {
    assertThat(DatabaseFailures.describe(new SQLException(
        "ERROR: invalid input syntax for type uuid: \"my card is 4111\"", "22P02")))
        .isEqualTo("SQLSTATE 22P02: ERROR: invalid input syntax for type uuid: \"…\"");
    assertThat(DatabaseFailures.describe(new SQLException(
        "ERROR: new row for relation \"feedback\" violates check constraint \"no_canary\"", "23514")))
        .contains("\"feedback\"", "\"no_canary\"");
  }

  @Test
  void aBatchEntrysOwnErrorIsTheOneDescribed() {
    BatchUpdateException batch = new BatchUpdateException("Batch entry 0 <unknown> was aborted", "23514", 0, new int[0], null);
    batch.setNextException(new SQLException("ERROR: violates check constraint \"c\"", "23514"));
    assertThat(DatabaseFailures.describe(new ConnectException("put", batch)))
        .isEqualTo("SQLSTATE 23514: ERROR: violates check constraint \"c\"");
  }

  @Test
  void aStateDeeperInTheChainWinsOverAWrapperWithout() {
    SQLException wrapper = new SQLException("pool: cannot get a connection", (String) null,
        new SQLException("Connection refused", "08001"));
    assertThat(DatabaseFailures.isPassing(new ConnectException("put", wrapper))).isTrue();
    assertThat(DatabaseFailures.describe(new ConnectException("put", wrapper))).isEqualTo("SQLSTATE 08001: Connection refused");
  }

  @ParameterizedTest
  @CsvSource({"23514, true", "08006, false"})
  void aBatchWithoutStateOfItsOwnIsJudgedByItsEntrysError(String state, boolean refusal) {
    BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0], null);
    batch.setNextException(new SQLException("entry", state));
    ConnectException failure = new ConnectException("put", batch);
    assertThat(DatabaseFailures.refusal(failure).isPresent()).isEqualTo(refusal);
    assertThat(DatabaseFailures.isPassing(failure)).isEqualTo(!refusal);
    assertThat(DatabaseFailures.describe(failure)).isEqualTo("SQLSTATE " + state + ": entry");
  }

  @ParameterizedTest
  @CsvSource({"no SQL exception", "no state", "transient without state"})
  void failuresWithoutAStateAreNoRefusal(String kind) {
    Throwable failure = switch (kind) {
      case "no state" -> new ConnectException("put", new SQLException("no state"));
      case "transient without state" -> new ConnectException("put", new SQLTransientConnectionException("pool empty"));
      default -> new ConnectException("put", new IllegalStateException("session closed"));
    };
    assertThat(DatabaseFailures.refusal(failure)).isEmpty();
    assertThat(DatabaseFailures.isPassing(failure)).isEqualTo(kind.equals("transient without state"));
    if (kind.equals("no SQL exception")) {
      assertThat(DatabaseFailures.describe(failure))
          .isEqualTo("org.apache.kafka.connect.errors.ConnectException: put");
    }
  }
}
