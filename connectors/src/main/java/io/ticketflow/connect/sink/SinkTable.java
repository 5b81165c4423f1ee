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
  AUDIT(Topics.AUDIT, "audit", "inquiryId"),
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

  /** The value field used as primary key (a column named like it, folded to lower case). */
  public String primaryKey() {
    return primaryKey;
  }

  /** The template's resource path on the classpath. */
  public String resource() {
    return "connectors/sink-" + topicSuffix + ".json";
  }
}
