package io.ticketflow.ops;

import io.ticketflow.schema.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline topics that are missing (configured partitions and replication, but a
 * missing inquiries or feedback topic as many partitions as the other one; the FAQ and faq-stats
 * topics compacted), then checks that inquiries and feedback have the same number
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
      int coPartitions = coPartitioned(admin, topics, existing, partitions, timeout);
      List<NewTopic> missing = new ArrayList<>();
      for (String suffix : List.of(Topics.INQUIRIES, Topics.FAQ, Topics.FEEDBACK, Topics.REPLIES,
          Topics.ESCALATIONS, Topics.AUDIT, Topics.DLQ, Topics.FAQ_STATS)) {
        String name = topics.name(suffix);
        if (!existing.contains(name)) {
          boolean paired = suffix.equals(Topics.INQUIRIES) || suffix.equals(Topics.FEEDBACK);
          missing.add(newTopic(name, suffix, paired ? coPartitions : partitions, replication));
        }
      }
      if (!missing.isEmpty()) {
        if (!create) {
          throw new StartupException("missing topics " + missing.stream().map(NewTopic::name).toList()
              + " and topic.create=false");
        }
        for (NewTopic t : missing) {
          create(admin, t, timeout);
        }
      }
      requireCompactedFaq(admin, topics, timeout);
      Map<String, TopicDescription> d = describeWhenKnown(admin, List.of(topics.inquiries().name(),
          topics.feedback().name()), timeout);
      int inquiries = d.get(topics.inquiries().name()).partitions().size();
      int feedback = d.get(topics.feedback().name()).partitions().size();
      if (inquiries != feedback) {
        throw new StartupException(topics.inquiries().name() + " has " + inquiries + " partitions but "
            + topics.feedback().name() + " has " + feedback + "; they must be equal (feedback is joined per partition)");
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new StartupException("cannot list or create topics: " + why(e, timeout), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while creating topics", e);
    }
  }

  /**
   * Partitions for a missing inquiries or feedback topic: those of its partner if that exists, which
   * it must equal, else {@code partitions}. A helpdesk's own inquiries topic of 12 partitions would
   * otherwise get a feedback topic of 4 that the check below then refuses.
   */
  private static int coPartitioned(Admin admin, Topics topics, Set<String> existing, int partitions, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    for (String name : List.of(topics.inquiries().name(), topics.feedback().name())) {
      if (existing.contains(name)) {
        return describeWhenKnown(admin, List.of(name), timeout).get(name).partitions().size();
      }
    }
    return partitions;
  }

  /**
   * What {@code faq import} needs before it publishes: the FAQ topic, created compacted if it is
   * missing (and {@code create} allows), and refused if it exists without compaction. A topic the
   * broker auto-created on the first record would have the cluster's default policy, delete:
   * seven days later the FAQ would be gone, and every processor start after that would load none.
   */
  public static void ensureFaqTopic(Admin admin, Topics topics, int partitions, short replication, boolean create,
                                    Duration timeout) {
    String name = topics.faq().name();
    try {
      if (!admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(name)) {
        if (!create) {
          throw new StartupException("topic " + name + " is missing and topic.create=false: create it with"
              + " cleanup.policy=compact, or start the processor (ticketflow run) first");
        }
        create(admin, newTopic(name, Topics.FAQ, partitions, replication), timeout);
      }
      requireCompactedFaq(admin, topics, timeout);
    } catch (ExecutionException | TimeoutException e) {
      throw new StartupException("cannot list or create topic " + name + ": " + why(e, timeout), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while creating topic " + name, e);
    }
  }

  /**
   * A failed admin call in words: a wait that ran out has no message of its own ("null"), and the
   * admin call's own deadline (default.api.timeout.ms, set to the same timeout) may end it first.
   */
  private static String why(Exception e, Duration timeout) {
    boolean noAnswer = e instanceof TimeoutException
        || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
    return noAnswer ? "Kafka did not answer within " + timeout.toSeconds() + " s" : e.getMessage();
  }

  /** A pipeline topic as it is created: the FAQ and faq-stats topics compacted. */
  private static NewTopic newTopic(String name, String suffix, int partitions, short replication) {
    NewTopic t = new NewTopic(name, partitions, replication);
    if (COMPACTED.contains(suffix)) {
      t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }
    return t;
  }

  /** Creates {@code t}; one that another client created meanwhile is as good. */
  private static void create(Admin admin, NewTopic t, Duration timeout)
      throws InterruptedException, TimeoutException {
    try {
      admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("Created topic {} ({} partitions, replication {}{})", t.name(), t.numPartitions(),
          t.replicationFactor(), t.configs() == null ? "" : ", compacted");
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new StartupException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e);
      }
    }
  }

  /**
   * The FAQ topic must be compacted and nothing else: with the delete policy (or compact,delete)
   * the broker drops entries after retention.ms, and a processor that starts later loads an FAQ
   * without them. The statistics topic without compaction only grows, which is logged.
   */
  private static void requireCompactedFaq(Admin admin, Topics topics, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    ConfigResource faq = new ConfigResource(ConfigResource.Type.TOPIC, topics.faq().name());
    ConfigResource stats = new ConfigResource(ConfigResource.Type.TOPIC, topics.faqStats().name());
    Map<ConfigResource, Config> configs = describeConfigsWhenKnown(admin, List.of(faq, stats), timeout);
    String faqPolicy = policy(configs.get(faq));
    if (!TopicConfig.CLEANUP_POLICY_COMPACT.equals(faqPolicy)) {
      throw new StartupException("topic " + faq.name() + " has cleanup.policy=" + faqPolicy + ": the broker would delete"
          + " FAQ entries after retention.ms; make it compacted (kafka-configs.sh --alter --entity-type topics"
          + " --entity-name " + faq.name() + " --add-config cleanup.policy=compact) and re-import the FAQ if entries"
          + " are gone");
    }
    String statsPolicy = policy(configs.get(stats));
    if (statsPolicy != null && !statsPolicy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
      LOG.warn("Topic {} has cleanup.policy={}; it keeps every change of the FAQ statistics instead of the latest",
          stats.name(), statsPolicy);
    }
  }

  private static String policy(Config config) {
    ConfigEntry e = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    return e == null ? null : e.value().replace(" ", "");
  }

  private static Map<ConfigResource, Config> describeConfigsWhenKnown(Admin admin, List<ConfigResource> resources,
      Duration timeout) throws ExecutionException, TimeoutException, InterruptedException {
    return whenKnown(timeout, () -> {
      Map<ConfigResource, Config> out = new HashMap<>();
      for (Map.Entry<ConfigResource, KafkaFuture<Config>> e : admin.describeConfigs(resources).values().entrySet()) {
        try {
          out.put(e.getKey(), e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException missing) {
          if (!(missing.getCause() instanceof UnknownTopicOrPartitionException) || e.getKey().name().equals(
              resources.get(0).name())) {
            throw missing;
          } // the statistics topic not created yet (faq import): nothing to say about it
        }
      }
      return out;
    });
  }

  /** Describes {@code names}, retrying while the broker does not know them yet ({@link #whenKnown}). */
  private static Map<String, TopicDescription> describeWhenKnown(Admin admin, List<String> names, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    return whenKnown(timeout,
        () -> admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** An admin call that may find a topic unknown. */
  private interface AdminCall<T> {
    T call() throws ExecutionException, TimeoutException, InterruptedException;
  }

  /**
   * Runs {@code call}, again while it fails because the broker does not know a topic yet: a topic
   * the controller has just created reaches the brokers' metadata a moment later, and until then
   * describing it fails with UnknownTopicOrPartition (seen on a fresh KRaft cluster).
   */
  private static <T> T whenKnown(Duration timeout, AdminCall<T> call)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return call.call();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }
}
