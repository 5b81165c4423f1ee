package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaqCommandTest {

  @TempDir
  Path dir;

  private final CliRunner cli = new CliRunner();

  @Test
  void aDryRunNamesTheEntriesEnglishInquiriesCannotReach() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), """
        {"id": "invoice", "question": "如何开发票", "alternates": ["发票怎么申请"], "answer": "a", "language": "zh"}
        {"id": "refund", "question": "退款政策是什么", "alternates": ["how do refunds work"], "answer": "b", "language": "zh"}
        {"id": "track", "question": "Where is my parcel?", "answer": "c"}
        {"id": "track-zh", "question": "我的快递在哪里", "answer": "c", "language": "zh"}
        {"id": "invoice", "tenant": "cn", "question": "如何开发票", "answer": "a", "language": "zh"}
        """);

    assertThat(cli.run("faq", "import", faq.toString(), "--tenant", "shop", "--dry-run")).isZero();

    assertThat(cli.out()).contains("5 entries valid (dry run, nothing published)");
    // shop has English entries, so its Chinese-only one is worth a note (track-zh is track's
    // translation); cn is Chinese only: no note.
    assertThat(cli.err()).contains("note: 1 of tenant shop's entries are worded in Chinese only (invoice): "
        + "English inquiries cannot match them").doesNotContain("tenant cn");
  }

  @Test
  void anUnreachableBrokerIsNamedAndNothingIsPublished() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"track\", \"question\": \"Where is my parcel?\", \"answer\": \"c\"}\n");
    int port = AskCommandTest.closedPort();

    assertThat(cli.run("faq", "import", faq.toString(), "--tenant", "shop", "--timeout", "1",
        "--bootstrap-servers", "127.0.0.1:" + port, "--schema-registry-url", "http://127.0.0.1:" + port)).isEqualTo(3);
    assertThat(cli.err()).contains("ticketflow faq import: Kafka is unreachable at bootstrap.servers=127.0.0.1:" + port)
        .doesNotContain("not present in metadata");
    assertThat(cli.out()).doesNotContain("published");
  }

  @Test
  void aMissingFileIsSaidInWordsNotByRepeatingItsPath() {
    Path absent = dir.resolve("absent.jsonl");

    assertThat(cli.run("faq", "import", absent.toString(), "--tenant", "shop", "--dry-run")).isEqualTo(1);
    assertThat(cli.err()).contains("ticketflow faq import: cannot read " + absent + ": no such file")
        .doesNotContain(absent + ": " + absent);
  }

  @Test
  void aFileThatIsNotUtf8IsSaidToBeSo() throws Exception {
    Path gbk = Files.write(dir.resolve("faq.jsonl"),
        "{\"id\": \"invoice\", \"question\": \"如何开发票\", \"answer\": \"a\"}\n".getBytes("GBK"));

    assertThat(cli.run("faq", "import", gbk.toString(), "--tenant", "shop", "--dry-run")).isEqualTo(1);
    assertThat(cli.err()).contains("cannot read " + gbk + ": not UTF-8 text");
  }

  @Test
  void aDryRunPrintsTheNotesARealImportPrints() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), """
        {"id": "invoice", "question": "如何开发票", "answer": "a", "language": "zh"}
        {"id": "track", "question": "Where is my parcel?", "answer": "c"}
        """);
    int port = AskCommandTest.closedPort();
    CliRunner real = new CliRunner();

    assertThat(cli.run("faq", "import", faq.toString(), "--tenant", "shop", "--dry-run")).isZero();
    // The notes come before publishing, so a real import prints them even when it cannot publish.
    assertThat(real.run("faq", "import", faq.toString(), "--tenant", "shop", "--timeout", "1",
        "--bootstrap-servers", "127.0.0.1:" + port, "--schema-registry-url", "http://127.0.0.1:" + port)).isEqualTo(3);

    List<String> notes = real.err().lines().filter(l -> l.startsWith("note:")).toList();
    assertThat(notes).singleElement().asString().contains("worded in Chinese only (invoice)");
    assertThat(cli.err().lines().filter(l -> l.startsWith("note:")).toList()).isEqualTo(notes);
  }

  @Test
  void oneEntryAndOneInvalidLineAreSingular() throws Exception {
    Path one = Files.writeString(dir.resolve("one.jsonl"), "{\"id\": \"track\", \"question\": \"Where is my parcel?\", \"answer\": \"c\"}\n");
    Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"id\": \"track\", \"question\": \"Where is my parcel?\"}\n");

    assertThat(cli.run("faq", "import", one.toString(), "--tenant", "shop", "--dry-run")).isZero();
    assertThat(cli.run("faq", "import", bad.toString(), "--tenant", "shop", "--dry-run")).isEqualTo(1);

    assertThat(cli.out()).contains(one + ": 1 entry valid (dry run, nothing published)");
    assertThat(cli.err()).contains(bad + ": 1 invalid line; nothing was published:");
    assertThat(FaqCommand.Import.count(1, "entry", "entries")).isEqualTo("1 entry");
    assertThat(FaqCommand.Import.count(0, "entry", "entries")).isEqualTo("0 entries");
  }

  @Test
  void noNoteWhenEveryEntryHasAnEnglishWording() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), """
        {"id": "refund", "question": "退款政策是什么", "alternates": ["how do refunds work"], "answer": "b"}
        {"id": "track", "question": "Where is my parcel?", "answer": "c"}
        """);

    assertThat(cli.run("faq", "import", faq.toString(), "--tenant", "shop", "--dry-run")).isZero();
    assertThat(cli.err()).doesNotContain("note:");
  }
}
