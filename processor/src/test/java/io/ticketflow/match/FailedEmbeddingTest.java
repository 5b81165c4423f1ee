package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An FAQ update whose wordings cannot be embedded changes nothing: the entry keeps its old answer,
 * wordings and vectors (before, the new answer was served on the old wording's vectors).
 */
class FailedEmbeddingTest {

  /** Vectors from the text's characters; refuses any text holding "poison". */
  private static final class FakeModel implements EmbeddingModel {
    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
      List<Embedding> out = new ArrayList<>();
      for (TextSegment s : segments) {
        if (s.text().contains("poison")) {
          throw new IllegalStateException("the model refused a wording");
        }
        float[] v = new float[16];
        s.text().chars().forEach(c -> v[c % 16] += 1);
        v[15] += 0.5f;
        out.add(Embedding.from(v));
      }
      return Response.from(out);
    }
  }

  @Test
  void anUpdateThatCannotBeEmbeddedLeavesTheEntryAsItWas() {
    FaqLibrary library = FaqLibrary.embeddingWith(new SentenceEmbedder(FakeModel::new, FakeModel::new));
    SemanticFaqMatcher matcher = new SemanticFaqMatcher(library);
    library.upsert(TestFaqs.entry("hours", "when are you open", List.of("opening hours"), "en"));
    var update = TestFaqs.entry("hours", "poison wording", List.of("opening hours"), "en");
    update.setAnswer("the new answer");
    assertThatThrownBy(() -> library.upsert(update)).hasMessageContaining("refused");

    IndexedEntry entry = library.tenant(TestFaqs.TENANT).entry("hours");
    assertThat(entry.question()).isEqualTo("when are you open");
    assertThat(entry.answer()).isNotEqualTo("the new answer");
    assertThat(library.tenant(TestFaqs.TENANT).exactHits("poison wording")).isEmpty();
    assertThat(library.tenant(TestFaqs.TENANT).exactHits("when are you open")).containsExactly("hours");
    assertThat(matcher.match(TestFaqs.TENANT, "when are you open?", null).best())
        .hasValueSatisfying(c -> assertThat(c.answer()).isNotEqualTo("the new answer"));
  }
}
