package io.ticketflow.answer;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the changelog of the answer stage's spend store ({@link LlmAnswerStage#SPEND_STORE}) into
 * the {@link LlmBudget}, so that each instance counts the LLM spend of the tasks the others hold.
 * Every instance writes that changelog anyway (it is how a task's spend survives a restart); reading
 * it back needs no topic of its own. A plain consumer without a group, assigned all partitions,
 * read_committed (only spend of committed outcomes counts), from the beginning: the topic is
 * compacted and holds a few records per tenant and partition.
 *
 * <p>Streams creates the changelog when the application first starts; until it exists the reader
 * looks for it again every few seconds and never creates it (a topic created by a consumer would
 * have the broker's default partitions, which Streams would refuse as its changelog). A broker
 * that cannot be reached is retried; nothing here stops the processor.
 */
final class SpendReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpendReader.class);
  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(500);

  private final String topic;
  private final LlmBudget budget;
  private final KafkaConsumer<String, String> consumer;
  private final Thread thread;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean running = true;

  /** The changelog topic Streams names for the spend store of {@code applicationId}. */
  static String changelog(String applicationId) {
    return applicationId + "-" + LlmAnswerStage.SPEND_STORE + "-changelog";
  }

  /**
   * @param clientConfig bootstrap servers and the consumer settings of the processor's other Kafka
   *     clients (security); the reader's own settings are set here
   */
  SpendReader(String applicationId, Map<String, Object> clientConfig, LlmBudget budget) {
    this.topic = changelog(applicationId);
    this.budget = budget;
    Map<String, Object> props = new HashMap<>(clientConfig);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-llm-spend-reader");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    this.thread = new Thread(this::run, "llm-spend-reader");
    thread.setDaemon(true);
  }

  /**
   * Starts reading and waits up to {@code catchUp} until what the changelog held at the start has
   * been read (at once when there is no changelog yet), so that the first calls already count the
   * other instances' spend.
   */
  SpendReader start(Duration catchUp) {
    thread.start();
    try {
      if (!caughtUp.await(catchUp.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("the LLM spend of other instances ({}) is not read yet after {} s; the daily budget counts it"
            + " once it is", topic, catchUp.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return this;
  }

  private void run() {
    try {
      Map<TopicPartition, Long> startEnd = null;
      while (running) {
        try {
          if (consumer.assignment().isEmpty()) {
            startEnd = assign();
            if (startEnd == null) {
              caughtUp.countDown(); // nothing written yet: nothing to wait for
              pause();
              continue;
            }
          }
          for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
            apply(r);
          }
          if (startEnd != null && reached(startEnd)) {
            caughtUp.countDown();
            startEnd = null;
          }
        } catch (WakeupException e) {
          // close(): the loop ends
        } catch (KafkaException e) {
          LOG.warn("reading the LLM spend of other instances from {} failed ({}); retrying in {} s", topic,
              e.toString(), RETRY.toSeconds());
          pause();
        }
      }
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /** Assigns all partitions of the changelog from the beginning; null while it does not exist. */
  private Map<TopicPartition, Long> assign() {
    List<PartitionInfo> partitions = consumer.partitionsFor(topic);
    if (partitions == null || partitions.isEmpty()) {
      return null;
    }
    List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(all);
    consumer.seekToBeginning(all);
    LOG.info("reading the LLM spend of all instances from {} ({} partitions)", topic, all.size());
    return consumer.endOffsets(all);
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Key {@code yyyy-MM-dd/tenant}, value "tokens usd" or null ({@link LlmAnswerProcessor}). */
  private void apply(ConsumerRecord<String, String> r) {
    String key = r.key();
    int dayLength = LlmAnswerProcessor.DAY_LENGTH;
    if (key == null || key.length() <= dayLength || key.charAt(dayLength) != '/') {
      LOG.debug("ignoring spend record without a day/tenant key at {}-{}@{}", r.topic(), r.partition(), r.offset());
      return;
    }
    try {
      LocalDate day = LocalDate.parse(key.substring(0, dayLength));
      String tenant = key.substring(dayLength + 1);
      budget.logged(r.partition(), day, tenant, r.value() == null ? null : LlmAnswerProcessor.spent(day, r.value()));
    } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      LOG.debug("ignoring unreadable spend record at {}-{}@{}", r.topic(), r.partition(), r.offset());
    }
  }

  private void pause() {
    try {
      stopped.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops reading; safe to call more than once. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      return;
    }
    running = false;
    stopped.countDown();
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
