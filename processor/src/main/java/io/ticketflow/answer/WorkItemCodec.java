package io.ticketflow.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketflow.match.FaqCandidate;
import io.ticketflow.match.MatchResult;
import io.ticketflow.route.GuardReport;
import io.ticketflow.route.Origin;
import io.ticketflow.route.Outcome;
import io.ticketflow.route.WorkItem;
import io.ticketflow.schema.EscalationReason;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.ReplySource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Work items as bytes for the answer stage's changelogged queue: JSON around the inquiry, which
 * is kept as Avro binary with the schema this build was compiled with (the queue is the
 * processor's own state, never read by anyone else, so no registry id is needed; a schema change
 * that breaks reading it back must drain the queue first — as for any Streams state format).
 * Only items that can wait in a queue are stored: undecided ones and those answered or escalated.
 */
final class WorkItemCodec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private WorkItemCodec() {}

  static ObjectNode toJson(WorkItem item) {
    ObjectNode node = JSON.createObjectNode();
    Origin o = item.origin();
    ObjectNode origin = node.putObject("origin");
    origin.put("topic", o.topic()).put("partition", o.partition()).put("offset", o.offset())
        .put("timestamp", o.timestamp());
    if (o.key() != null) {
      origin.put("key", B64.encodeToString(o.key()));
    }
    if (o.value() != null) {
      origin.put("value", B64.encodeToString(o.value()));
    }
    node.put("inquiry", B64.encodeToString(avro(item.inquiry())));
    if (item.guard() != null) {
      ObjectNode guard = node.putObject("guard");
      guard.put("redactedText", item.guard().redactedText()).put("redactionCount", item.guard().redactionCount());
      item.guard().flags().forEach(guard.putArray("flags")::add);
    }
    if (item.match() != null) {
      ObjectNode match = node.putObject("match");
      match.put("matcher", item.match().matcher()).put("micros", item.match().micros());
      ArrayNode candidates = match.putArray("candidates");
      for (FaqCandidate c : item.match().candidates()) {
        candidates.addObject().put("faqId", c.faqId()).put("question", c.question()).put("answer", c.answer())
            .put("language", c.language()).put("score", c.score());
      }
    }
    ObjectNode stages = node.putObject("stageMicros");
    item.stageMicros().forEach(stages::put);
    if (item.outcome() instanceof Outcome.Answered a) {
      ObjectNode out = node.putObject("answered");
      out.put("source", a.source().name()).put("faqId", a.faqId()).put("text", a.text())
          .put("language", a.language()).put("confidence", a.confidence());
      a.citedFaqIds().forEach(out.putArray("cited")::add);
    } else if (item.outcome() instanceof Outcome.Escalated e) {
      node.putObject("escalated").put("reason", e.reason().name()).put("detail", e.detail())
          .put("suggestedAnswer", e.suggestedAnswer()).put("suggestedFaqId", e.suggestedFaqId());
    } else if (item.outcome() != null) {
      throw new IllegalArgumentException("not a queueable outcome: " + item.outcome().getClass().getSimpleName());
    }
    return node;
  }

  static WorkItem fromJson(JsonNode node) {
    JsonNode o = node.path("origin");
    Origin origin = new Origin(o.path("topic").asText(), o.path("partition").asInt(), o.path("offset").asLong(),
        o.has("key") ? B64D.decode(o.path("key").asText()) : null,
        o.has("value") ? B64D.decode(o.path("value").asText()) : null, o.path("timestamp").asLong());
    Inquiry inquiry = inquiry(B64D.decode(node.path("inquiry").asText()));
    GuardReport guard = null;
    if (node.has("guard")) {
      JsonNode g = node.path("guard");
      guard = new GuardReport(g.path("redactedText").asText(), g.path("redactionCount").asInt(), strings(g.path("flags")));
    }
    MatchResult match = null;
    if (node.has("match")) {
      JsonNode m = node.path("match");
      List<FaqCandidate> candidates = new ArrayList<>();
      m.path("candidates").forEach(c -> candidates.add(new FaqCandidate(c.path("faqId").asText(),
          text(c, "question"), text(c, "answer"), text(c, "language"), c.path("score").asDouble())));
      match = new MatchResult(candidates, m.path("matcher").asText(), m.path("micros").asLong());
    }
    Map<String, Long> stages = new LinkedHashMap<>();
    node.path("stageMicros").properties().forEach(e -> stages.put(e.getKey(), e.getValue().asLong()));
    Outcome outcome = null;
    if (node.has("answered")) {
      JsonNode a = node.path("answered");
      outcome = new Outcome.Answered(ReplySource.valueOf(a.path("source").asText()), text(a, "faqId"),
          a.path("text").asText(), text(a, "language"), a.path("confidence").asDouble(), strings(a.path("cited")));
    } else if (node.has("escalated")) {
      JsonNode e = node.path("escalated");
      outcome = new Outcome.Escalated(EscalationReason.valueOf(e.path("reason").asText()), text(e, "detail"),
          text(e, "suggestedAnswer"), text(e, "suggestedFaqId"));
    }
    return new WorkItem(origin, inquiry, guard, match, outcome, stages, null);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static byte[] avro(Inquiry inquiry) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new SpecificDatumWriter<>(Inquiry.class).write(inquiry, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Inquiry inquiry(byte[] bytes) {
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
      return new SpecificDatumReader<>(Inquiry.class).read(null, decoder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] queueBytes(List<WorkItem> items, int issued) {
    ObjectNode node = JSON.createObjectNode();
    node.put("issued", issued);
    ArrayNode array = node.putArray("items");
    items.forEach(i -> array.add(toJson(i)));
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A conversation's queue as stored: its items, and how often the head's call was issued. */
  record StoredQueue(List<WorkItem> items, int issued) {}

  static StoredQueue queue(byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      List<WorkItem> items = new ArrayList<>();
      node.path("items").forEach(i -> items.add(fromJson(i)));
      return new StoredQueue(items, node.path("issued").asInt());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
