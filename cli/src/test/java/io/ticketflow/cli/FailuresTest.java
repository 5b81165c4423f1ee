package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void fileFailuresWhoseMessageIsOnlyThePathAreSaidInWords() {
    assertThat(Failures.whyUnreadable(new NoSuchFileException("/tmp/faq.jsonl"))).isEqualTo("no such file");
    assertThat(Failures.whyUnreadable(new AccessDeniedException("/tmp/faq.jsonl"))).isEqualTo("permission denied");
    assertThat(Failures.whyUnreadable(new NotDirectoryException("/tmp/faq.jsonl"))).isEqualTo("NotDirectoryException");
    assertThat(Failures.whyUnreadable(new UncheckedIOException(new NoSuchFileException("/tmp/faq.jsonl"))))
        .isEqualTo("no such file");
  }

  @Test
  void aFailureWithAReasonKeepsItWithoutThePath() {
    assertThat(Failures.whyUnreadable(new FileSystemException("/tmp/faq.jsonl", null, "Is a directory")))
        .isEqualTo("Is a directory");
    assertThat(Failures.whyUnreadable(new IOException("Stale file handle"))).isEqualTo("Stale file handle");
    assertThat(Failures.whyUnreadable(new IOException())).isEqualTo("IOException");
  }
}
