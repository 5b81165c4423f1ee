package io.ticketflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefusedRecordsTest {

  @ParameterizedTest(name = "SQLSTATE {0}: the record''s fault = {1}")
  @CsvSource({
      "22001, true",   // value too long for its column
      "22P02, true",   // not valid for its type
      "22021, true",   // a character the encoding cannot hold
      "23502, true",   // NOT NULL
      "23505, true",   // unique
      "23514, true",   // CHECK
      "54000, true",   // key too large for its index
      "08006, false",  // connection lost
      "08001, false",  // cannot connect
      "57P01, false",  // the database is shutting down
      "53300, false",  // too many connections
      "40P01, false",  // deadlock
      "42P01, false",  // no such table
      "42501, false",  // no right to write
  })
  void aRefusalIsTheRecordsFaultByItsSqlStateClass(String state, boolean recordsFault) {
    SQLException cause = new SQLException("refused", state);
    Throwable failure = new ConnectException("flush failed", new RuntimeException("hibernate", cause));
    assertThat(RefusedRecords.refusal(failure).isPresent()).isEqualTo(recordsFault);
  }

  @ParameterizedTest
  @CsvSource({"23514, true", "08006, false"})
  void aBatchWithoutStateOfItsOwnIsJudgedByItsEntrysError(String state, boolean recordsFault) {
    BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0], null);
    batch.setNextException(new SQLException("entry", state));
    assertThat(RefusedRecords.refusal(new ConnectException("put", batch)).isPresent()).isEqualTo(recordsFault);
    if (recordsFault) {
      assertThat(RefusedRecords.describe(RefusedRecords.refusal(batch).orElseThrow()))
          .isEqualTo("SQLSTATE 23514: entry");
    }
  }

  @ParameterizedTest
  @CsvSource({"no SQL exception", "no state"})
  void failuresWithoutAStateAreNotTheRecordsFault(String kind) {
    Throwable failure = kind.equals("no state")
        ? new ConnectException("put", new SQLException("no state"))
        : new ConnectException("put", new IllegalStateException("session closed"));
    assertThat(RefusedRecords.refusal(failure)).isEmpty();
  }
}
