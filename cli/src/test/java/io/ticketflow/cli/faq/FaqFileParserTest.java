package io.ticketflow.cli.faq;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.schema.FaqEntry;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FaqFileParserTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private static FaqFileParser.Result jsonl(String tenant, String text) throws IOException {
    return new FaqFileParser(tenant, CLOCK).parse(new StringReader(text), FaqFileParser.Format.JSONL);
  }

  @Test
  void validJsonlBecomesEntriesWithTheDefaultTenant() throws IOException {
    FaqFileParser.Result r = jsonl("shop", """
        {"id": "refund-policy", "question": "退款政策是什么", "alternates": ["how do refunds work"], "answer": "Within 7 days.", "language": "zh"}

        {"id": "invoice", "tenant": "bank", "question": "Invoice?", "answer": "In My Orders.", "tags": ["billing"]}
        """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.entries()).extracting(FaqEntry::getId, FaqEntry::getTenantId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("refund-policy", "shop"),
            org.assertj.core.groups.Tuple.tuple("invoice", "bank"));
    FaqEntry first = r.entries().get(0);
    assertThat(first.getAlternates()).containsExactly("how do refunds work");
    assertThat(first.getLanguage()).isEqualTo("zh");
    assertThat(first.getUpdatedAt()).isEqualTo(CLOCK.instant());
    assertThat(r.entries().get(1).getTags()).containsExactly("billing");
  }

  @Test
  void everyInvalidLineIsReportedWithItsNumberAndNothingIsReturned() throws IOException {
    FaqFileParser.Result r = jsonl(null, """
        {"id": "ok", "tenant": "shop", "question": "q", "answer": "a"}
        {"id": "no tenant", "question": "q", "answer": "a"}
        not json
        {"id": "ok", "tenant": "shop", "question": "q2", "answer": "a2"}
        {"id": "x", "tenant": "shop", "question": "", "answer": "a", "colour": "red"}
        [1, 2]
        """);
    assertThat(r.ok()).isFalse();
    assertThat(r.entries()).isEmpty();
    assertThat(r.errors()).hasSize(5);
    assertThat(r.errors().get(0)).startsWith("line 2: ").contains("tenant is missing").contains("id 'no tenant'");
    assertThat(r.errors().get(1)).startsWith("line 3: not valid JSON");
    assertThat(r.errors().get(2)).startsWith("line 4: duplicate id ok for tenant shop");
    assertThat(r.errors().get(3)).startsWith("line 5: unknown field(s) [colour]");
    assertThat(r.errors().get(4)).startsWith("line 6: expected a JSON object");
  }

  @Test
  void csvWithHeaderSplitsAlternatesAndTags() throws IOException {
    String csv = """
        id,question,answer,alternates,tags,language
        card-lost,I lost my card,"Freeze it in the app, then order a new one.",lost card|card stolen,cards|security,en
        """;
    FaqFileParser.Result r = new FaqFileParser("bank", CLOCK).parse(new StringReader(csv), FaqFileParser.Format.CSV);
    assertThat(r.errors()).isEmpty();
    FaqEntry e = r.entries().get(0);
    assertThat(e.getAnswer()).isEqualTo("Freeze it in the app, then order a new one.");
    assertThat(e.getAlternates()).containsExactly("lost card", "card stolen");
    assertThat(e.getTags()).containsExactly("cards", "security");
    assertThat(e.getTenantId()).isEqualTo("bank");
  }

  @Test
  void csvErrorsNameTheFileLine() throws IOException {
    String csv = "id,question,answer\nok,q,a\n,q,a\nalso-ok,q,\n";
    FaqFileParser.Result r = new FaqFileParser("bank", CLOCK).parse(new StringReader(csv), FaqFileParser.Format.CSV);
    assertThat(r.errors()).containsExactly("line 3: id is missing", "line 4: answer is missing");
  }

  @Test
  void formatFollowsTheExtension() {
    assertThat(FaqFileParser.Format.of("faq.CSV")).isEqualTo(FaqFileParser.Format.CSV);
    assertThat(FaqFileParser.Format.of("faq.jsonl")).isEqualTo(FaqFileParser.Format.JSONL);
  }

  @Test
  void theDemoFaqIsValidAndCoversThreeDomainsInBothLanguages() throws IOException {
    FaqFileParser.Result r;
    try (var in = new InputStreamReader(getClass().getResourceAsStream("/io/ticketflow/cli/demo/sample-faq.jsonl"),
        StandardCharsets.UTF_8)) {
      r = new FaqFileParser(null, CLOCK).parse(in, FaqFileParser.Format.JSONL);
    }
    assertThat(r.errors()).isEmpty();
    assertThat(r.entries()).hasSizeGreaterThanOrEqualTo(60);
    assertThat(r.entries()).extracting(FaqEntry::getTenantId).containsOnly("shop", "bank", "cloud");
    assertThat(r.entries()).extracting(FaqEntry::getLanguage).contains("zh", "en");
  }

  private static FaqFileParser.Result csv(String tenant, String text) throws IOException {
    return new FaqFileParser(tenant, CLOCK).parse(new StringReader(text), FaqFileParser.Format.CSV);
  }

  /** The processor dead-letters an FAQ record whose tenant holds '/', a control character or over 255 characters. */
  @Test
  void aTenantTheProcessorWouldRefuseIsAnErrorOnItsLine() throws IOException {
    String entry = "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n";
    assertThat(jsonl("shop/eu", entry).errors()).containsExactly("line 1: tenant 'shop/eu' must not hold '/'");
    assertThat(jsonl("t".repeat(300), entry).errors())
        .containsExactly("line 1: tenantId has 300 characters, the limit is 255");
    assertThat(jsonl(null, "\n{\"id\": \"a\", \"tenant\": \"sh\\top\", \"question\": \"q\", \"answer\": \"x\"}\n")
        .errors()).singleElement().asString().startsWith("line 2: tenantId has an invalid character U+0009");
    assertThat(csv(null, "id,tenant,question,answer\na,shop/eu,q,x\n").errors())
        .containsExactly("line 2: tenant 'shop/eu' must not hold '/'");
  }

  /** Excel's and Notepad's "UTF-8" start the file with a byte order mark. */
  @Test
  void aLeadingByteOrderMarkIsIgnored() throws IOException {
    FaqFileParser.Result fromJsonl = jsonl("shop", "\uFEFF{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n");
    assertThat(fromJsonl.errors()).isEmpty();
    assertThat(fromJsonl.entries()).extracting(FaqEntry::getId).containsExactly("a");
    FaqFileParser.Result fromCsv = csv("shop", "\uFEFFid,question,answer\r\na,q,x\r\n");
    assertThat(fromCsv.errors()).isEmpty();
    assertThat(fromCsv.entries()).extracting(FaqEntry::getId).containsExactly("a");
  }

  /** Two objects on one line: the second must not vanish silently. */
  @Test
  void contentAfterTheObjectOnAJsonlLineIsAnError() throws IOException {
    FaqFileParser.Result r = jsonl("shop", "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"} "
        + "{\"id\": \"b\", \"question\": \"q\", \"answer\": \"y\"}\n");
    assertThat(r.entries()).isEmpty();
    assertThat(r.errors()).singleElement().asString().startsWith("line 1: not valid JSON");
  }

  @Test
  void blankCsvLinesAreSkippedAndLaterErrorsKeepTheirLineNumbers() throws IOException {
    FaqFileParser.Result trailing = csv("shop", "id,question,answer\na,q,x\n\n");
    assertThat(trailing.errors()).isEmpty();
    assertThat(trailing.entries()).hasSize(1);
    assertThat(csv("shop", "id,question,answer\n\na,q,x\nb,q,\n").errors())
        .containsExactly("line 4: answer is missing");
  }

  /** A quoted field may span lines; the rows after it are reported at the line they start on. */
  @Test
  void csvRowsAfterAMultiLineFieldKeepTheirLineNumbers() throws IOException {
    FaqFileParser.Result r = csv("shop", "id,question,answer\na,q,\"first line\nsecond line\"\nb,q,\nc,,x\n");
    assertThat(r.errors()).containsExactly("line 4: answer is missing", "line 5: question is missing");
    assertThat(csv("shop", "id,question,answer\r\na,,\"x\r\ny\r\nz\"\r\nb,\"q\r\nq\",\r\nc,q,x\r\nd,,x\r\n").errors())
        .containsExactly("line 2: question is missing", "line 5: answer is missing", "line 8: question is missing");
    FaqFileParser.Result ok = csv("shop", "id,question,answer\na,q,\"first line\nsecond line\"\n");
    assertThat(ok.errors()).isEmpty();
    assertThat(ok.entries()).singleElement().satisfies(e -> assertThat(e.getAnswer()).isEqualTo("first line\nsecond line"));
  }

  /** An object or array where text belongs is named as such, not reported as a missing field. */
  @Test
  void aFieldThatIsNotTextIsNamed() throws IOException {
    FaqFileParser.Result r = jsonl("shop", """
        {"id": "a", "question": "q", "answer": {"en": "x"}}
        {"id": "b", "question": ["q1", "q2"], "answer": "x"}
        {"id": "c", "question": "q", "answer": "x", "alternates": [{"text": "q3"}]}
        {"id": "d", "question": "q", "answer": "x", "tags": {"a": 1}}
        {"id": 5, "question": "q", "answer": "x", "alternates": ["q2", 7]}
        """);
    assertThat(r.errors()).containsExactly(
        "line 1: answer must be text, not an object",
        "line 2: question must be text, not an array",
        "line 3: alternates must be text or a list of texts, not a list holding an object",
        "line 4: tags must be text or a list of texts, not an object");
  }
}
