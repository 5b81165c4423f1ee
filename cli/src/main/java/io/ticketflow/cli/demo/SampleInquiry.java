package io.ticketflow.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One scripted inquiry of the demo: a normal inquiry, a redelivery of the first inquiry
 * ({@code duplicate}) or bytes that are not an Avro record at all ({@code malformed}).
 */
public record SampleInquiry(String tenant, String text, Kind kind, String label) {
  static final String RESOURCE = "/io/ticketflow/cli/demo/sample-inquiries.jsonl";

  /** How the sample is sent. */
  public enum Kind { INQUIRY, DUPLICATE, MALFORMED }

  /** The demo's script, in order. */
  public static List<SampleInquiry> load() {
    ObjectMapper json = new ObjectMapper();
    List<SampleInquiry> out = new ArrayList<>();
    try (InputStream in = SampleInquiry.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = lines.readLine()) != null; ) {
        if (!line.isBlank()) {
          JsonNode n = json.readTree(line);
          out.add(new SampleInquiry(n.get("tenant").asText(), n.get("text").asText(),
              Kind.valueOf(n.get("kind").asText().toUpperCase(java.util.Locale.ROOT)), n.get("label").asText()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return List.copyOf(out);
  }
}
