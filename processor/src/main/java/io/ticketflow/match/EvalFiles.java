package io.ticketflow.match;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.schema.FaqEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the JSONL evaluation formats of DESIGN.md ("Evaluation file formats"). */
public final class EvalFiles {

  /** One labelled inquiry; {@code expected} null means out of scope. */
  public record LabelledQuery(String text, String expected, int line) {
    public boolean outOfScope() {
      return expected == null;
    }
  }

  /** Two objects on one line is a broken line, not a first object and a silently dropped second. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final String BOM = "\uFEFF";

  private EvalFiles() {}

  /** FAQ lines {@code {"id", "question", "alternates"?, "answer", "language"?}} as one tenant's entries. */
  public static List<FaqEntry> readFaq(Path file, String tenantId) throws IOException, EvalInputException {
    List<FaqEntry> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int line = 0;
    try (BufferedReader in = open(file)) {
      for (String raw; (raw = nextLine(in, file, line)) != null; ) {
        line++;
        if (raw.isBlank()) {
          continue;
        }
        JsonNode node = parse(file, line, raw);
        String id = requiredText(file, line, node, "id");
        if (!ids.add(id)) {
          throw new EvalInputException(file, line, "duplicate FAQ id \"" + id + "\"");
        }
        List<String> alternates = new ArrayList<>();
        JsonNode alt = node.get("alternates");
        if (alt != null && !alt.isNull()) {
          if (!alt.isArray()) {
            throw new EvalInputException(file, line, "\"alternates\" must be an array of strings");
          }
          for (JsonNode a : alt) {
            if (!a.isTextual()) {
              throw new EvalInputException(file, line, "\"alternates\" must be an array of strings");
            }
            alternates.add(a.asText());
          }
        }
        JsonNode lang = node.get("language");
        if (lang != null && !lang.isNull() && !lang.isTextual()) {
          throw new EvalInputException(file, line, "\"language\" must be a string");
        }
        out.add(FaqEntry.newBuilder().setId(id).setTenantId(tenantId)
            .setQuestion(requiredText(file, line, node, "question"))
            .setAlternates(alternates)
            .setAnswer(requiredText(file, line, node, "answer"))
            .setLanguage(lang == null || lang.isNull() ? null : lang.asText())
            .setTags(List.of())
            .setUpdatedAt(Instant.EPOCH)
            .build());
      }
    }
    if (out.isEmpty()) {
      throw new EvalInputException(file, "no FAQ entries");
    }
    return out;
  }

  /**
   * Fails on the first query whose {@code expected} id is in none of {@code faq}'s entries: a typo
   * in a label would count as a wrong answer in {@code eval} and mislabel {@code calibrate}'s data.
   */
  public static void requireKnownIds(Path queriesFile, List<LabelledQuery> queries, List<FaqEntry> faq)
      throws EvalInputException {
    Set<String> ids = new HashSet<>();
    faq.forEach(e -> ids.add(e.getId()));
    for (LabelledQuery q : queries) {
      if (q.expected() != null && !ids.contains(q.expected())) {
        throw new EvalInputException(queriesFile, q.line(), "\"expected\": \"" + q.expected()
            + "\" is no id of the FAQ (use null for out of scope)");
      }
    }
  }

  /** Query lines {@code {"text", "expected"}}; {@code expected} null marks out of scope. */
  public static List<LabelledQuery> readQueries(Path file) throws IOException, EvalInputException {
    List<LabelledQuery> out = new ArrayList<>();
    int line = 0;
    try (BufferedReader in = open(file)) {
      for (String raw; (raw = nextLine(in, file, line)) != null; ) {
        line++;
        if (raw.isBlank()) {
          continue;
        }
        JsonNode node = parse(file, line, raw);
        String text = requiredText(file, line, node, "text");
        JsonNode expected = node.get("expected");
        if (expected == null) {
          throw new EvalInputException(file, line, "missing \"expected\" (use null for out of scope)");
        }
        if (!expected.isNull() && !expected.isTextual()) {
          throw new EvalInputException(file, line, "\"expected\" must be an FAQ id or null");
        }
        out.add(new LabelledQuery(text, expected.isNull() ? null : expected.asText(), line));
      }
    }
    if (out.isEmpty()) {
      throw new EvalInputException(file, "no queries");
    }
    return out;
  }

  /** The file opened for reading, or an input error naming it (a missing file is a user's mistake). */
  private static BufferedReader open(Path file) throws EvalInputException {
    if (Files.isDirectory(file)) {
      throw new EvalInputException(file, "is a directory, not a JSONL file");
    }
    try {
      return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new EvalInputException(file, "no such file");
    } catch (IOException e) {
      throw new EvalInputException(file, "cannot read: " + e);
    }
  }

  /**
   * The line after line {@code read}, without the UTF-8 byte order mark Excel and Notepad start a
   * file with; undecodable text is an input error naming the line, not a stack trace.
   */
  private static String nextLine(BufferedReader in, Path file, int read) throws EvalInputException {
    String raw;
    try {
      raw = in.readLine();
    } catch (CharacterCodingException e) {
      // The reader decodes ahead of the lines it returned: find the line that holds the bad bytes.
      throw new EvalInputException(file, undecodableLine(file, read + 1), "not UTF-8 text");
    } catch (IOException e) {
      throw new EvalInputException(file, "cannot read: " + e);
    }
    return read == 0 && raw != null && raw.startsWith(BOM) ? raw.substring(BOM.length()) : raw;
  }

  /**
   * The 1-based number of the first line that is not valid UTF-8 ({@code fallback} if none is
   * found). Splitting on the newline byte is safe: it never occurs inside a multi-byte sequence.
   */
  private static int undecodableLine(Path file, int fallback) throws EvalInputException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new EvalInputException(file, "cannot read: " + e);
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    int line = 1;
    for (int start = 0, i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        try {
          utf8.decode(ByteBuffer.wrap(bytes, start, i - start));
        } catch (CharacterCodingException e) {
          return line;
        }
        line++;
        start = i + 1;
      }
    }
    return fallback;
  }

  private static JsonNode parse(Path file, int line, String raw) throws EvalInputException {
    try {
      JsonNode node = JSON.readTree(raw);
      if (node == null || !node.isObject()) {
        throw new EvalInputException(file, line, "expected one JSON object per line");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new EvalInputException(file, line, "invalid JSON: " + e.getOriginalMessage());
    }
  }

  private static String requiredText(Path file, int line, JsonNode node, String field) throws EvalInputException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new EvalInputException(file, line, "\"" + field + "\" must be a non-empty string");
    }
    return v.asText();
  }
}
