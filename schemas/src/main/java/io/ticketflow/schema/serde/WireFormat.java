package io.ticketflow.schema.serde;

import java.nio.ByteBuffer;

/** Confluent's framing: magic byte {@code 0x00}, 4-byte big-endian schema id, Avro binary. */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0x0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** The schema id in the header of {@code data}, after checking magic byte and length. */
  public static int schemaId(byte[] data) {
    if (data.length < HEADER_SIZE) {
      if (data.length > 0 && data[0] != MAGIC_BYTE) {
        throw unknownMagic(data[0]);
      }
      throw new AvroSerdeException(AvroSerdeException.Reason.TRUNCATED,
          data.length + " bytes is shorter than the " + HEADER_SIZE + "-byte header");
    }
    if (data[0] != MAGIC_BYTE) {
      throw unknownMagic(data[0]);
    }
    return ByteBuffer.wrap(data, 1, 4).getInt();
  }

  /** The subject of a topic's keys or values under TopicNameStrategy. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  private static AvroSerdeException unknownMagic(byte magic) {
    return new AvroSerdeException(AvroSerdeException.Reason.UNKNOWN_MAGIC_BYTE,
        String.format("first byte is 0x%02x, expected 0x00", magic));
  }
}
