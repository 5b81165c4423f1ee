package io.ticketflow.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.route.Origin;
import io.ticketflow.route.WorkItem;
import io.ticketflow.testing.Inquiries;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** What a dead letter of a failed stage names as its source, with and without an input record. */
class DeadLetterOriginTest {

  private static ErrorHandlerContext context(String topic, long offset) {
    return new ErrorHandlerContext() {
      @Override public String topic() { return topic; }
      @Override public int partition() { return 3; }
      @Override public long offset() { return offset; }
      @Override public Headers headers() { return new RecordHeaders(); }
      @Override public String processorNodeId() { return "route"; }
      @Override public TaskId taskId() { return new TaskId(0, 3); }
      @Override public long timestamp() { return 42L; }
      @Override public byte[] sourceRawKey() { return null; }
      @Override public byte[] sourceRawValue() { return null; }
    };
  }

  @Test
  void aRecordFromItsTopicIsItsOwnSource() {
    assertThat(DeadLetterExceptionHandler.origin(context("helpdesk.inquiries", 17), null).id())
        .isEqualTo("helpdesk.inquiries-3-17");
  }

  @Test
  void anOutcomeAPunctuatorForwardedNamesTheInquiryItCameFrom() {
    Origin inquiry = new Origin("helpdesk.inquiries", 3, 99, "c1".getBytes(), new byte[] {1}, 7L);
    WorkItem item = WorkItem.decoded(inquiry, Inquiries.inquiry("q1", "c1", "Can I get my money back?"));

    Origin origin = DeadLetterExceptionHandler.origin(context(null, -1), item);

    assertThat(origin.id()).isEqualTo("helpdesk.inquiries-3-99");
    assertThat(origin.value()).containsExactly(1);
  }

  @Test
  void otherPunctuationFailuresNeverShareADeadLetterKey() {
    String first = DeadLetterExceptionHandler.origin(context(null, -1), null).id();
    String second = DeadLetterExceptionHandler.origin(context(null, -1), "not a work item").id();

    assertThat(first).startsWith("punctuation-0_3-").isNotEqualTo(second);
  }
}
