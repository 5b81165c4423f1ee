package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
