package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalFilesTest {

  @TempDir
  Path dir;

  @Test
  void readsTheDesignFormats() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"),
        "{\"id\": \"refund-policy\", \"question\": \"退款政策是什么\", \"alternates\": [\"how do refunds work\"], \"answer\": \"...\", \"language\": \"zh\"}\n"
            + "\n{\"id\": \"b\", \"question\": \"q\", \"answer\": \"a\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"),
        "{\"text\": \"我想退货怎么办\", \"expected\": \"refund-policy\"}\n{\"text\": \"hi\", \"expected\": null}\n");
    assertThat(EvalFiles.readFaq(faq, "t")).hasSize(2)
        .first().satisfies(e -> assertThat(e.getAlternates()).containsExactly("how do refunds work"));
    assertThat(EvalFiles.readQueries(queries)).extracting(EvalFiles.LabelledQuery::outOfScope)
        .containsExactly(false, true);
  }

  /** A typo in a label would count as a wrong answer in eval and mislabel calibrate's data. */
  @Test
  void anExpectedIdTheFaqDoesNotHaveIsAnErrorOnItsLine() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "{\"id\": \"track\", \"question\": \"q\", \"answer\": \"a\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"),
        "{\"text\": \"x\", \"expected\": \"track\"}\n{\"text\": \"y\", \"expected\": null}\n"
            + "{\"text\": \"z\", \"expected\": \"trak\"}\n");
    var entries = EvalFiles.readFaq(faq, "t");
    var labelled = EvalFiles.readQueries(queries);
    assertThatThrownBy(() -> EvalFiles.requireKnownIds(queries, labelled, entries))
        .isInstanceOf(EvalInputException.class).hasMessage(queries + ":3: \"expected\": \"trak\" is no id of the FAQ"
            + " (use null for out of scope)");
    EvalFiles.requireKnownIds(queries, labelled.subList(0, 2), entries);
  }

  @Test
  void errorsNameTheFileAndLine() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"),
        "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"a\"}\n{\"id\": \"b\", \"answer\": \"a\"}\n");
    assertThatThrownBy(() -> EvalFiles.readFaq(faq, "t"))
        .isInstanceOf(EvalInputException.class)
        .hasMessage(faq + ":2: \"question\" must be a non-empty string");

    Path queries = Files.writeString(dir.resolve("q.jsonl"), "{\"text\": \"x\", \"expected\": null}\n{not json\n");
    assertThatThrownBy(() -> EvalFiles.readQueries(queries))
        .isInstanceOf(EvalInputException.class)
        .hasMessageStartingWith(queries + ":2: invalid JSON");

    Path missing = Files.writeString(dir.resolve("m.jsonl"), "{\"text\": \"x\"}\n");
    assertThatThrownBy(() -> EvalFiles.readQueries(missing)).hasMessageContaining(":1: missing \"expected\"");

    Path dup = Files.writeString(dir.resolve("d.jsonl"),
        "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"a\"}\n{\"id\": \"a\", \"question\": \"r\", \"answer\": \"a\"}\n");
    assertThatThrownBy(() -> EvalFiles.readFaq(dup, "t")).hasMessageContaining(":2: duplicate FAQ id");
  }

  /** Excel's and Notepad's "UTF-8" start the file with a byte order mark. */
  @Test
  void aLeadingByteOrderMarkIsIgnored() throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), "\uFEFF{\"id\": \"a\", \"question\": \"q\", \"answer\": \"a\"}\n");
    Path queries = Files.writeString(dir.resolve("q.jsonl"), "\uFEFF{\"text\": \"x\", \"expected\": null}\n");
    assertThat(EvalFiles.readFaq(faq, "t")).extracting(e -> e.getId().toString()).containsExactly("a");
    assertThat(EvalFiles.readQueries(queries)).hasSize(1);
  }

  /** Two objects on one line: the second must not vanish silently. */
  @Test
  void contentAfterTheObjectOnALineIsAnError() throws Exception {
    Path queries = Files.writeString(dir.resolve("q.jsonl"),
        "{\"text\": \"x\", \"expected\": null}\n{\"text\": \"y\", \"expected\": null} {\"text\": \"z\", \"expected\": null}\n");
    assertThatThrownBy(() -> EvalFiles.readQueries(queries))
        .isInstanceOf(EvalInputException.class)
        .hasMessageStartingWith(queries + ":2: invalid JSON");
  }

  /** An empty file (or one of blank lines) is named as a whole: it has no line 0 to point at. */
  @Test
  void aFileWithoutEntriesOrQueriesIsNamedWithoutALine() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
    assertThatThrownBy(() -> EvalFiles.readFaq(empty, "t")).hasMessage(empty + ": no FAQ entries");
    Path blank = Files.writeString(dir.resolve("blank.jsonl"), "\r\n  \n");
    assertThatThrownBy(() -> EvalFiles.readQueries(blank)).hasMessage(blank + ": no queries");
  }

  @Test
  void aDirectoryOrTextThatIsNotUtf8IsAnInputError() throws Exception {
    assertThatThrownBy(() -> EvalFiles.readFaq(dir, "t"))
        .isInstanceOf(EvalInputException.class)
        .hasMessage(dir + ": is a directory, not a JSONL file");
    byte[] latin1 = "{\"text\": \"caf\u00e9\", \"expected\": null}\n".getBytes(StandardCharsets.ISO_8859_1);
    Path queries = Files.write(dir.resolve("q.jsonl"), latin1);
    assertThatThrownBy(() -> EvalFiles.readQueries(queries))
        .isInstanceOf(EvalInputException.class)
        .hasMessage(queries + ":1: not UTF-8 text");
    Path later = dir.resolve("later.jsonl");
    Files.writeString(later, "{\"text\": \"x\", \"expected\": null}\n\n");
    Files.write(later, latin1, java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> EvalFiles.readQueries(later))
        .isInstanceOf(EvalInputException.class)
        .hasMessage(later + ":3: not UTF-8 text");
  }
}
