package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faq import} against a real broker: the FAQ topic must be compacted, or the broker deletes
 * the FAQ after retention.ms and every processor start after that loads none. A missing topic is
 * created compacted (the broker would auto-create it with the delete policy); one that exists
 * without compaction is refused before anything is published.
 */
@ExtendWith(EmbeddedStackExtension.class)
class FaqImportIT {
  @TempDir
  Path dir;

  private final CliRunner cli = new CliRunner();

  @Test
  void aMissingFaqTopicIsCreatedCompactedAndANonCompactedOneIsRefused(EmbeddedStack stack) throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"), """
        {"id": "track", "question": "Where is my parcel?", "answer": "Track it in the app."}
        {"id": "refund", "question": "怎么申请退款", "answer": "在订单页申请。"}
        """);
    String fresh = "import-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    String deleting = "import-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Properties adminConfig = new Properties();
    adminConfig.putAll(stack.kafka().clientConfig());
    try (Admin admin = Admin.create(adminConfig)) {
      admin.createTopics(List.of(new NewTopic(deleting + "faq", 1, (short) 1)
          .configs(Map.of("cleanup.policy", "delete")))).all().get();

      assertThat(importInto(stack, faq, fresh)).as(cli.err()).isZero();
      assertThat(cli.out()).contains("2 entries published to " + fresh + "faq");
      assertThat(policy(admin, fresh + "faq")).isEqualTo("compact");
      assertThat(end(admin, fresh + "faq")).isEqualTo(2);

      assertThat(importInto(stack, faq, deleting)).isEqualTo(3);
      assertThat(cli.err()).contains("topic " + deleting + "faq has cleanup.policy=delete")
          .contains("--add-config cleanup.policy=compact");
      assertThat(end(admin, deleting + "faq")).as("nothing published").isZero();
    }
  }

  /** Part of a file on the topic: the user is told how much, and that importing again is safe. */
  @Test
  void aFailureMidwaySaysHowManyEntriesWereAcknowledged(EmbeddedStack stack) throws Exception {
    Path faq = Files.writeString(dir.resolve("faq.jsonl"),
        "{\"id\": \"track\", \"question\": \"Where is my parcel?\", \"answer\": \"Track it in the app.\"}\n"
            + "{\"id\": \"manual\", \"question\": \"Where is the manual?\", \"answer\": \"" + "m".repeat(3000) + "\"}\n"
            + "{\"id\": \"hours\", \"question\": \"When are you open?\", \"answer\": \"9 to 5.\"}\n");
    String prefix = "import-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Properties adminConfig = new Properties();
    adminConfig.putAll(stack.kafka().clientConfig());
    try (Admin admin = Admin.create(adminConfig)) {
      // The broker refuses the one entry larger than this, and takes the others.
      admin.createTopics(List.of(new NewTopic(prefix + "faq", 1, (short) 1)
          .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", "1500")))).all().get();

      assertThat(importInto(stack, faq, prefix)).isEqualTo(3);
      assertThat(cli.err()).contains("cannot publish to " + prefix + "faq")
          .contains("2 of 3 entries were acknowledged and are on the topic").contains("importing the file again is safe");
      assertThat(end(admin, prefix + "faq")).isEqualTo(2);
    }
  }

  private int importInto(EmbeddedStack stack, Path faq, String prefix) {
    return cli.run("faq", "import", faq.toString(), "--tenant", "shop", "--timeout", "20",
        "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl(),
        "--topic-prefix", prefix);
  }

  private static String policy(Admin admin, String topic) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config c = admin.describeConfigs(List.of(r)).all().get().get(r);
    return c.get("cleanup.policy").value();
  }

  /** Records on the topic, all partitions. */
  private static long end(Admin admin, String topic) throws Exception {
    int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return admin.listOffsets(request).all().get().values().stream()
        .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
  }
}
