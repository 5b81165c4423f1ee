package io.ticketflow.cli.faq;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.MappingIterator;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.validate.InquiryValidator;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads FAQ entries from JSONL (one object a line) or CSV (header row; {@code alternates} and
 * {@code tags} separated by {@code |}) and validates every line before anything is published:
 * the result holds either all entries or the errors, each with its line number.
 *
 * <p>Fields: {@code id}, {@code question}, {@code answer} (required), {@code alternates}, {@code
 * language}, {@code tags}, {@code tenant} (required unless a default tenant is given).
 */
public final class FaqFileParser {
  /** Ids end up in Kafka keys ({@code tenant/id}) and database rows: keep them plain. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  static final int MAX_ANSWER = 8_000;
  /** Two objects on one line is a broken line, not a first object and a silently dropped second. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final char BOM = '\uFEFF';
  private static final Set<String> FIELDS = Set.of("id", "tenant", "question", "alternates", "answer", "language", "tags");

  /** CSV or JSONL. */
  public enum Format {
    JSONL, CSV;

    /** By file name: {@code .csv} is CSV, anything else JSONL. */
    public static Format of(String fileName) {
      return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? CSV : JSONL;
    }
  }

  /** The entries when {@link #errors()} is empty. */
  public record Result(List<FaqEntry> entries, List<String> errors, int lines) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private final String defaultTenant;
  private final Clock clock;

  public FaqFileParser(String defaultTenant, Clock clock) {
    this.defaultTenant = defaultTenant == null || defaultTenant.isBlank() ? null : defaultTenant.trim();
    this.clock = clock;
  }

  public Result parse(Reader in, Format format) throws IOException {
    Reader text = withoutBom(in);
    return format == Format.CSV ? parseCsv(text) : parseJsonl(text);
  }

  /** Excel's and Notepad's "UTF-8" start the file with a byte order mark, which is not content. */
  private static Reader withoutBom(Reader in) throws IOException {
    PushbackReader text = new PushbackReader(in, 1);
    int first = text.read();
    if (first >= 0 && first != BOM) {
      text.unread(first);
    }
    return text;
  }

  private Result parseJsonl(Reader in) throws IOException {
    List<FaqEntry> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    java.io.BufferedReader lines = new java.io.BufferedReader(in);
    int n = 0;
    String line;
    while ((line = lines.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        errors.add("line " + n + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
        continue;
      }
      if (node == null || !node.isObject()) {
        errors.add("line " + n + ": expected a JSON object");
        continue;
      }
      List<String> notText = notText(node);
      if (!notText.isEmpty()) {
        errors.add("line " + n + ": " + String.join("; ", notText));
        continue;
      }
      Raw raw = new Raw(text(node, "id"), text(node, "tenant"), text(node, "question"), list(node, "alternates"),
          text(node, "answer"), text(node, "language"), list(node, "tags"));
      List<String> unknown = new ArrayList<>();
      node.fieldNames().forEachRemaining(f -> {
        if (!FIELDS.contains(f)) {
          unknown.add(f);
        }
      });
      if (!unknown.isEmpty()) {
        errors.add("line " + n + ": unknown field(s) " + unknown + " (known: id, tenant, question, alternates, answer, language, tags)");
        continue;
      }
      accept(raw, n, entries, errors, seen);
    }
    return new Result(errors.isEmpty() ? List.copyOf(entries) : List.of(), List.copyOf(errors), n);
  }

  private Result parseCsv(Reader in) throws IOException {
    List<FaqEntry> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    CsvMapper csv = new CsvMapper();
    csv.enable(CsvParser.Feature.TRIM_SPACES);
    // An empty last line is what most editors leave; it is no row with every field missing.
    csv.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    int rows = 0;
    try (MappingIterator<Map<String, String>> it = csv.readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
      while (it.hasNextValue()) {
        int line = it.getCurrentLocation() == null ? rows + 2 : it.getCurrentLocation().getLineNr();
        Map<String, String> row;
        try {
          row = it.nextValue();
        } catch (RuntimeException e) {
          errors.add("line " + line + ": " + e.getMessage());
          break; // the CSV parser cannot resynchronise after a broken row
        }
        rows++;
        Set<String> unknown = new HashSet<>(row.keySet());
        unknown.removeAll(FIELDS);
        if (!unknown.isEmpty()) {
          errors.add("line " + line + ": unknown column(s) " + unknown);
          continue;
        }
        Raw raw = new Raw(row.get("id"), row.get("tenant"), row.get("question"), split(row.get("alternates")),
            row.get("answer"), row.get("language"), split(row.get("tags")));
        accept(raw, line, entries, errors, seen);
      }
    } catch (RuntimeException e) {
      errors.add("not a valid CSV file: " + e.getMessage());
    }
    return new Result(errors.isEmpty() ? List.copyOf(entries) : List.of(), List.copyOf(errors), rows);
  }

  private record Raw(String id, String tenant, String question, List<String> alternates, String answer,
      String language, List<String> tags) {}

  private void accept(Raw raw, int line, List<FaqEntry> entries, List<String> errors, Set<String> seen) {
    List<String> problems = new ArrayList<>();
    String tenant = blank(raw.tenant()) ? defaultTenant : raw.tenant().trim();
    if (tenant == null) {
      problems.add("tenant is missing (add a tenant field or use --tenant)");
    } else if (tenant.indexOf('/') >= 0) {
      // The FAQ topic's keys are tenant/id: the processor dead-letters such an entry.
      problems.add("tenant '" + tenant + "' must not hold '/'");
    } else {
      InquiryValidator.idProblem("tenantId", tenant).ifPresent(p -> problems.add(p.message()));
    }
    if (blank(raw.id())) {
      problems.add("id is missing");
    } else if (!ID.matcher(raw.id().trim()).matches()) {
      problems.add("id '" + raw.id() + "' must be letters, digits, '.', '_', ':' or '-' (at most 128)");
    } else {
      InquiryValidator.idProblem("id", raw.id().trim()).ifPresent(p -> problems.add(p.message()));
    }
    if (blank(raw.question())) {
      problems.add("question is missing");
    }
    if (blank(raw.answer())) {
      problems.add("answer is missing");
    } else if (raw.answer().length() > MAX_ANSWER) {
      problems.add("answer is longer than " + MAX_ANSWER + " characters");
    }
    if (!problems.isEmpty()) {
      errors.add("line " + line + ": " + String.join("; ", problems));
      return;
    }
    String key = tenant + "/" + raw.id().trim();
    if (!seen.add(key)) {
      errors.add("line " + line + ": duplicate id " + raw.id().trim() + " for tenant " + tenant);
      return;
    }
    entries.add(FaqEntry.newBuilder()
        .setId(raw.id().trim())
        .setTenantId(tenant)
        .setQuestion(raw.question().trim())
        .setAlternates(raw.alternates().stream().map(String::trim).filter(s -> !s.isEmpty()).toList())
        .setAnswer(raw.answer().trim())
        .setLanguage(blank(raw.language()) ? null : raw.language().trim())
        .setTags(raw.tags().stream().map(String::trim).filter(s -> !s.isEmpty()).toList())
        .setUpdatedAt(clock.instant())
        .build());
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static final List<String> TEXT_FIELDS = List.of("id", "tenant", "question", "answer", "language");
  private static final List<String> LIST_FIELDS = List.of("alternates", "tags");

  /**
   * Fields holding an object or array where text belongs (or a list holding one): read as text
   * they would be empty, and be reported as missing.
   */
  private static List<String> notText(JsonNode node) {
    List<String> problems = new ArrayList<>();
    for (String field : TEXT_FIELDS) {
      JsonNode v = node.get(field);
      if (v != null && v.isContainerNode()) {
        problems.add(field + " must be text, not " + kind(v));
      }
    }
    for (String field : LIST_FIELDS) {
      JsonNode v = node.get(field);
      if (v != null && v.isObject()) {
        problems.add(field + " must be text or a list of texts, not " + kind(v));
      } else if (v != null && v.isArray()) {
        for (JsonNode item : v) {
          if (item.isContainerNode()) {
            problems.add(field + " must be text or a list of texts, not a list holding " + kind(item));
            break;
          }
        }
      }
    }
    return problems;
  }

  private static String kind(JsonNode v) {
    return v.isObject() ? "an object" : "an array";
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> list(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (v.isArray()) {
      List<String> out = new ArrayList<>();
      v.forEach(x -> out.add(x.asText()));
      return out;
    }
    return split(v.asText());
  }

  private static List<String> split(String s) {
    return blank(s) ? List.of() : Arrays.asList(s.split("\\|"));
  }
}
