package io.ticketflow.match;

import io.ticketflow.match.EvalFiles.LabelledQuery;
import io.ticketflow.schema.FaqEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** FAQ fixtures shared by the matcher tests. */
final class TestFaqs {

  static final String TENANT = "acme";

  private TestFaqs() {}

  static FaqEntry entry(String id, String question, List<String> alternates, String language) {
    return FaqEntry.newBuilder().setId(id).setTenantId(TENANT).setQuestion(question)
        .setAlternates(alternates).setAnswer("answer of " + id).setLanguage(language)
        .setTags(List.of()).setUpdatedAt(Instant.EPOCH).build();
  }

  static Path resource(String name) {
    try {
      return Path.of(TestFaqs.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The hand-written bilingual customer-service FAQ (src/test/resources/cs-bilingual). */
  static List<FaqEntry> bilingualFaq() {
    try {
      return EvalFiles.readFaq(resource("cs-bilingual/faq.jsonl"), TENANT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (EvalInputException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<LabelledQuery> queries(String name) {
    try {
      return EvalFiles.readQueries(resource(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (EvalInputException e) {
      throw new IllegalStateException(e);
    }
  }
}
