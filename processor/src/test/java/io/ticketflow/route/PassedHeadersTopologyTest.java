package io.ticketflow.route;

import static io.ticketflow.testing.Inquiries.faq;
import static io.ticketflow.testing.Inquiries.feedback;
import static io.ticketflow.testing.Inquiries.inquiry;
import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.testing.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A helpdesk's headers on an inquiry or a rating (a token, a customer's address) do not reach the
 * outputs, which analytics read; trace context does, so a trace spans the processor.
 */
class PassedHeadersTopologyTest {
  private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private final TopologyFixture f = new TopologyFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static Headers helpdeskHeaders() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("Authorization", "Bearer s3cret-token".getBytes(StandardCharsets.UTF_8));
    headers.add("x-customer-email", "li.lei@example.com".getBytes(StandardCharsets.UTF_8));
    headers.add("baggage", "userId=42".getBytes(StandardCharsets.UTF_8));
    headers.add("traceparent", TRACE.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private static List<String> keys(Headers headers) {
    return StreamSupport.stream(headers.spliterator(), false).map(Header::key).toList();
  }

  @Test
  void onlyTraceContextReachesTheOutputsOfAnInquiry() {
    f.publish(faq("hours", "when are you open", "9 to 5."));
    f.inquiries.pipeInput(new TestRecord<>("c1", inquiry("q1", "c1", "when are you open"), helpdeskHeaders()));
    f.inquiries.pipeInput(new TestRecord<>("c2", inquiry("q2", "c2", "something else entirely"), helpdeskHeaders()));

    var reply = f.replies.readRecord();
    var escalation = f.escalations.readRecord();
    List<TestRecord<String, io.ticketflow.schema.AuditRecord>> audits = f.audit.readRecordsToList();

    assertThat(keys(reply.headers())).containsExactly("traceparent");
    assertThat(new String(reply.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8)).isEqualTo(TRACE);
    assertThat(keys(escalation.headers())).containsExactly("traceparent");
    assertThat(audits).hasSize(2).allSatisfy(a -> assertThat(keys(a.headers())).containsExactly("traceparent"));
    f.faqStats.readRecordsToList().forEach(s -> assertThat(keys(s.headers())).doesNotContain("Authorization",
        "x-customer-email", "baggage"));
  }

  @Test
  void onlyTraceContextReachesTheOutputsOfARating() {
    f.publish(faq("hours", "when are you open", "9 to 5."));
    f.send(inquiry("q1", "c1", "when are you open"));
    f.faqStats.readRecordsToList();
    f.feedback.pipeInput(new TestRecord<>("c1", feedback("f1", "q1", "c1", true), helpdeskHeaders()));
    f.feedback.pipeInput(new TestRecord<>("c9", feedback("f9", "nope", "c9", true), helpdeskHeaders()));

    assertThat(f.faqStats.readRecordsToList()).isNotEmpty()
        .allSatisfy(s -> assertThat(keys(s.headers())).containsExactly("traceparent"));
    assertThat(f.dlq.readRecordsToList()).hasSize(1)
        .allSatisfy(d -> assertThat(keys(d.headers())).containsExactly("traceparent"));
  }
}
