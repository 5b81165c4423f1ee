package io.ticketflow.ops;

import io.ticketflow.schema.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline topics that are missing (configured partitions and replication; the FAQ
 * and faq-stats topics compacted), then checks that inquiries and feedback have the same number
 * of partitions: feedback is joined with state kept per inquiry partition, so they must be
 * co-partitioned.
 */
public final class TopicProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final Set<String> COMPACTED = Set.of(Topics.FAQ, Topics.FAQ_STATS);

  private TopicProvisioner() {}

  public static void ensure(Admin admin, Topics topics, int partitions, short replication, boolean create,
                            Duration timeout) {
    try {
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String suffix : List.of(Topics.INQUIRIES, Topics.FAQ, Topics.FEEDBACK, Topics.REPLIES,
          Topics.ESCALATIONS, Topics.AUDIT, Topics.DLQ, Topics.FAQ_STATS)) {
        String name = topics.name(suffix);
        if (!existing.contains(name)) {
          NewTopic t = new NewTopic(name, partitions, replication);
          if (COMPACTED.contains(suffix)) {
            t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
          }
          missing.add(t);
        }
      }
      if (!missing.isEmpty()) {
        if (!create) {
          throw new StartupException("missing topics " + missing.stream().map(NewTopic::name).toList()
              + " and topic.create=false");
        }
        for (NewTopic t : missing) {
          try {
            admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic {} ({} partitions, replication {})", t.name(), partitions, replication);
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw new StartupException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e);
            }
          }
        }
      }
      Map<String, TopicDescription> d = describeWhenKnown(admin, List.of(topics.inquiries().name(),
          topics.feedback().name()), timeout);
      int inquiries = d.get(topics.inquiries().name()).partitions().size();
      int feedback = d.get(topics.feedback().name()).partitions().size();
      if (inquiries != feedback) {
        throw new StartupException(topics.inquiries().name() + " has " + inquiries + " partitions but "
            + topics.feedback().name() + " has " + feedback + "; they must be equal (feedback is joined per partition)");
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new StartupException("cannot list or create topics: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while creating topics", e);
    }
  }

  /**
   * Describes {@code names}, retrying while the broker does not know them yet: a topic the
   * controller has just created reaches the brokers' metadata a moment later, and until then
   * describing it fails with UnknownTopicOrPartition (seen on a fresh KRaft cluster).
   */
  private static Map<String, TopicDescription> describeWhenKnown(Admin admin, List<String> names, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }
}
