package io.ticketflow.cli;

import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.ops.FeedEvent;
import io.ticketflow.ops.InquiryPublisher;
import io.ticketflow.ops.OutcomeFeed;
import io.ticketflow.schema.Channel;
import io.ticketflow.schema.Inquiry;
import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.serde.AvroSerdeConfig;
import io.ticketflow.schema.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ticketflow ask TEXT}: one inquiry in, its reply or escalation out. */
@Command(name = "ask", mixinStandardHelpOptions = true,
    versionProvider = TicketflowCommand.Version.class, sortOptions = false,
    description = "Publishes one inquiry and waits for its reply or escalation.",
    footer = {"", "Examples:", "  ticketflow ask \"How do I reset my password?\" --tenant cloud",
        "  ticketflow ask \"转账限额是多少？\" --tenant bank --conversation c-42",
        "  ticketflow ask \"where is my order\" --tenant shop -c prod.properties",
        "", "Exit codes: 0 answered, 3 escalated to a human, 1 no outcome before the",
        "timeout or cannot connect, 2 invalid configuration or options."})
public final class AskCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "TEXT", description = "What the customer writes.")
  String text;

  @Option(names = {"-t", "--tenant"}, paramLabel = "TENANT", defaultValue = "shop", description = "Tenant (default: ${DEFAULT-VALUE}).")
  String tenant;

  @Option(names = "--conversation", paramLabel = "ID", description = "Conversation id (default: a new conversation).")
  String conversation;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for Kafka and the Schema Registry to answer, then for the inquiry"
          + " to be sent and its outcome to arrive (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--verbose", description = "Show stack traces of failures.")
  boolean verbose;

  @Mixin
  ConnectionOptions connection;

  @Override
  public Integer call() {
    Duration timeout = TicketflowCommand.timeout(spec, timeoutSeconds);
    if (text.isBlank() || tenant.isBlank()) {
      // Published, it would be dead-lettered (MISSING_FIELD) on the live topics: an empty "$VAR" is a usage error.
      throw new CommandLine.ParameterException(spec.commandLine(),
          (text.isBlank() ? "TEXT" : "--tenant") + " is blank: give what the customer writes and their tenant");
    }
    TicketflowConfig config;
    try {
      config = connection.config();
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("Invalid configuration: " + e.getMessage());
      return 2;
    }
    AtomicBoolean sent = new AtomicBoolean();
    CompletableFuture<FeedEvent> outcome = new CompletableFuture<>();
    try {
      Map<String, Object> serde = Reachability.serdeConfig(config, timeout);
      SchemaRegistryClient registry = new AvroSerdeConfig(serde).createClient();
      Reachability.check(config, registry, timeout);
      // From here on one --timeout bounds finding the topics, sending and the outcome together:
      // Kafka's clients bound each of their calls, not a sequence of them, so the whole sequence
      // runs on a thread of its own that is waited for at most that long.
      Thread exchange = new Thread(() -> {
        try {
          exchange(config, registry, serde, timeout, outcome, sent);
        } catch (Throwable t) {
          outcome.completeExceptionally(t);
        }
      }, "ticketflow-ask");
      exchange.setDaemon(true);
      exchange.start();
      FeedEvent e = outcome.get(timeoutSeconds, TimeUnit.SECONDS);
      return print(e);
    } catch (TimeoutException e) {
      spec.commandLine().getErr().println(sent.get()
          ? "No reply or escalation within " + timeoutSeconds + " s. Is the processor running (ticketflow demo, or ticketflow run)?"
          : "Kafka at bootstrap.servers=" + config.bootstrapServers() + " did not take the inquiry within "
              + timeoutSeconds + " s.");
      spec.commandLine().getErr().flush();
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (ExecutionException e) {
      return failed(config, e.getCause());
    } catch (Exception e) {
      return failed(config, e);
    } finally {
      outcome.cancel(false); // lets the exchange close its clients, whatever ended the wait
    }
  }

  /** Publishes the inquiry and completes {@code outcome} with its reply or escalation. */
  private void exchange(TicketflowConfig config, SchemaRegistryClient registry, Map<String, Object> serde,
      Duration timeout, CompletableFuture<FeedEvent> outcome, AtomicBoolean sent) throws InterruptedException {
    Topics topics = new Topics(config.topicPrefix(), registry, serde);
    Inquiry inquiry = InquiryPublisher.inquiry(tenant, conversation, "cli", Channel.API, text);
    Map<String, Object> consumer = config.clientSettings(ConsumerConfig.configNames());
    consumer.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    Map<String, Object> producer = config.clientSettings(ProducerConfig.configNames());
    producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    try (OutcomeFeed feed = new OutcomeFeed(config.bootstrapServers(), consumer, topics, false);
         InquiryPublisher publisher = new InquiryPublisher(config.bootstrapServers(), producer, topics.inquiries(),
             timeout)) {
      feed.addListener(e -> {
        if (inquiry.getInquiryId().equals(e.inquiryId()) && e.kind() != FeedEvent.Kind.AUDIT) {
          outcome.complete(e);
        }
      }).start();
      publisher.publish(inquiry);
      sent.set(true);
      // The feed's thread completes the outcome; this thread keeps the clients open until then.
      try {
        outcome.get();
      } catch (ExecutionException | CancellationException ignored) {
        // completed by the caller's side: nothing more to wait for
      }
    }
  }

  private int failed(TicketflowConfig config, Throwable e) {
    if (e instanceof KafkaException) {
      // Kafka answered the check but failed later: its messages name no address.
      return Failures.report(spec.commandLine().getErr(), "ask",
          new KafkaException("Kafka at bootstrap.servers=" + config.bootstrapServers() + ": " + e.getMessage(), e),
          verbose, 1);
    }
    return Failures.report(spec.commandLine().getErr(), "ask", e instanceof Exception ex ? ex : new RuntimeException(e),
        verbose, 1);
  }

  private int print(FeedEvent e) {
    var out = spec.commandLine().getOut();
    switch (e.kind()) {
      case REPLY -> {
        out.printf("%s reply (%s, confidence %.2f):%n%s%n", e.string("source"),
            e.string("faqId") == null ? "no FAQ entry" : e.string("faqId"), e.number("confidence"), e.string("text"));
        return 0;
      }
      case ESCALATION -> {
        out.printf("Escalated to a human: %s — %s%n", e.string("reason"), e.string("detail"));
        return 3;
      }
      default -> {
        out.printf("Dead-lettered: %s — %s%n", e.string("reasonCode"), e.string("message"));
        return 1;
      }
    }
  }
}
