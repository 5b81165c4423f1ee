package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.schema.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Topic provisioning against the real broker. */
@ExtendWith(EmbeddedStackExtension.class)
class TopicProvisionerIT {

  /**
   * A helpdesk's own inquiries topic of 3 partitions, and no feedback topic yet: the feedback topic
   * is created with 3 partitions, as the co-partitioning check needs, not topic.partitions (4), which
   * made the processor refuse to start on the topic it had just created itself.
   */
  @Test
  void aMissingFeedbackTopicGetsThePartitionsOfTheExistingInquiriesTopic(EmbeddedStack stack) throws Exception {
    String prefix = "provision-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Topics topics = new Topics(prefix, stack.registryClient(), stack.serdeConfig());
    try (Admin admin = Admin.create(stack.kafka().clientConfig())) {
      admin.createTopics(List.of(new NewTopic(prefix + Topics.INQUIRIES, 3, (short) 1))).all().get();

      TopicProvisioner.ensure(admin, topics, 4, (short) 1, true, Duration.ofSeconds(20));

      assertThat(admin.describeTopics(List.of(topics.feedback().name())).allTopicNames().get()
          .get(topics.feedback().name()).partitions()).hasSize(3);
      assertThat(admin.describeTopics(List.of(topics.replies().name())).allTopicNames().get()
          .get(topics.replies().name()).partitions()).as("the other topics: topic.partitions").hasSize(4);
    }
  }
}
