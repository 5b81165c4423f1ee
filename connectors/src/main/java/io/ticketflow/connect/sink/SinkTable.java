package io.ticketflow.connect.sink;

import io.ticketflow.schema.topic.Topics;

/**
 * The output tables, each fed from one topic by one connector, with the value field that is its
 * primary key (upserts on it make redelivery harmless). Table names have no dots: the topics' prefix
 * would otherwise be read as a database schema.
 */
public enum SinkTable {
  REPLIES(Topics.REPLIES, "replies", "inquiryId"),
  ESCALATIONS(Topics.ESCALATIONS, "escalations", "inquiryId"),
  /**
   * Keyed by the record key, not a value field: the processor keys an inquiry's decision by its
   * inquiryId and a REJECTED, DEAD_LETTER or DUPLICATE record by its source position, so a
   * redelivered inquiry's DUPLICATE row never overwrites the decision row of the same inquiryId.
   */
  AUDIT(Topics.AUDIT, "audit", "auditKey"),
  FEEDBACK(Topics.FEEDBACK, "feedback", "feedbackId"),
  DEAD_LETTERS(Topics.DLQ, "dead_letters", "deadLetterId");

  private final String topicSuffix;
  private final String tableName;
  private final String primaryKey;

  SinkTable(String topicSuffix, String tableName, String primaryKey) {
    this.topicSuffix = topicSuffix;
    this.tableName = tableName;
    this.primaryKey = primaryKey;
  }

  /** The topic suffix (after the prefix), e.g. {@code replies}. */
  public String topicSuffix() {
    return topicSuffix;
  }

  public String tableName() {
    return tableName;
  }

  /**
   * The primary key column (folded to lower case): a value field, or for the audit table the
   * record key stored under this name.
   */
  public String primaryKey() {
    return primaryKey;
  }

  /** The template's resource path on the classpath. */
  public String resource() {
    return "connectors/sink-" + topicSuffix + ".json";
  }
}
