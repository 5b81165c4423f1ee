package io.ticketflow.cli;

import io.ticketflow.cli.faq.FaqFileParser;
import io.ticketflow.cli.faq.FaqPublisher;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.match.Languages;
import io.ticketflow.ops.TopicProvisioner;
import io.ticketflow.schema.FaqEntry;
import io.ticketflow.schema.registry.SchemaRegistryClient;
import io.ticketflow.schema.serde.AvroSerdeConfig;
import io.ticketflow.schema.topic.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code ticketflow faq}: managing the FAQ topic. */
@Command(name = "faq", mixinStandardHelpOptions = true,
    versionProvider = TicketflowCommand.Version.class, description = "Manages the FAQ: faq import FILE.",
    subcommands = {CommandLine.HelpCommand.class, FaqCommand.Import.class})
public final class FaqCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code ticketflow faq import FILE}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      versionProvider = TicketflowCommand.Version.class, sortOptions = false,
      description = {"Validates and publishes FAQ entries from a JSONL or CSV file.",
          "",
          "Every line is checked first; nothing is published when any line is invalid",
          "(errors name their line). Re-importing an id replaces that entry.",
          "JSONL, one object a line (alternates, language, tags optional; tenant",
          "optional with --tenant):",
          "  {\"id\": \"refund-policy\", \"question\": \"退款政策是什么\",",
          "   \"alternates\": [\"how do refunds work\"], \"answer\": \"...\",",
          "   \"language\": \"zh\", \"tags\": [\"refunds\"], \"tenant\": \"shop\"}",
          "CSV with a header row; alternates and tags separated by |:",
          "  id,question,answer,alternates,language,tags,tenant"},
      footer = {"", "Examples:", "  ticketflow faq import faq.jsonl --tenant shop",
          "  ticketflow faq import faq.csv --tenant bank --dry-run",
          "  ticketflow faq import faq.jsonl -c prod.properties",
          "", "Exit codes: 0 imported (or valid with --dry-run), 1 invalid lines or cannot",
          "read, 2 invalid configuration or options, 3 cannot reach Kafka or the",
          "registry, or cannot publish."})
  static final class Import implements Callable<Integer> {

    private static final Pattern LANGUAGE_SUFFIX = Pattern.compile("[-_.](zh|cn|en)$", Pattern.CASE_INSENSITIVE);
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "JSONL or CSV (by extension .csv).")
    Path file;

    @Option(names = {"-t", "--tenant"}, paramLabel = "TENANT", description = "Tenant of entries that name none.")
    String tenant;

    @Option(names = "--dry-run", description = "Validate only; publish nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
        description = "How long to wait for Kafka and the Schema Registry to answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--verbose", description = "Show stack traces of failures.")
    boolean verbose;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
      Duration timeout = TicketflowCommand.timeout(spec, timeoutSeconds);
      var out = spec.commandLine().getOut();
      var err = spec.commandLine().getErr();
      FaqFileParser.Result parsed;
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        parsed = new FaqFileParser(tenant, Clock.systemUTC()).parse(in, FaqFileParser.Format.of(file.toString()));
      } catch (IOException | java.io.UncheckedIOException e) {
        return Failures.report(err, "faq import", new IOException("cannot read " + file + ": " + Failures.whyUnreadable(e), e),
            verbose, 1);
      }
      if (!parsed.ok()) {
        err.printf("%s: %s; nothing was published:%n", file, count(parsed.errors().size(), "invalid line", "invalid lines"));
        parsed.errors().stream().limit(50).forEach(e -> err.println("  " + e));
        if (parsed.errors().size() > 50) {
          err.printf("  … and %d more%n", parsed.errors().size() - 50);
        }
        return 1;
      }
      noteEntriesEnglishCannotReach(parsed.entries(), err);
      if (dryRun) {
        out.printf("%s: %s valid (dry run, nothing published)%n", file, count(parsed.entries().size(), "entry", "entries"));
        return 0;
      }
      TicketflowConfig config;
      try {
        config = connection.config();
      } catch (ConfigException e) {
        err.println("Invalid configuration: " + e.getMessage());
        return 2;
      }
      Map<String, Object> serde = Reachability.serdeConfig(config, timeout);
      Topics topics;
      try {
        SchemaRegistryClient registry = new AvroSerdeConfig(serde).createClient();
        Reachability.check(config, registry, timeout);
        topics = new Topics(config.topicPrefix(), registry, serde);
        Map<String, Object> adminConfig = config.clientSettings(AdminClientConfig.configNames());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(adminConfig)) {
          TopicProvisioner.ensureFaqTopic(admin, topics, config.topicPartitions(), config.topicReplicationFactor(),
              config.createTopics(), timeout);
        }
      } catch (RuntimeException e) {
        return Failures.report(err, "faq import", e, verbose, 3);
      }
      // Sends wait for metadata at most the --timeout, not the producer's 60 s per record.
      Map<String, Object> producerConfig = config.clientSettings(ProducerConfig.configNames());
      producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
      try (FaqPublisher publisher = new FaqPublisher(config.bootstrapServers(), producerConfig, topics.faq());
           ProgressBar bar = new ProgressBarBuilder().setTaskName("Publishing").setInitialMax(parsed.entries().size())
               .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
               .setUpdateIntervalMillis(200).build()) {
        publisher.publish(parsed.entries(), bar::stepTo, timeout);
      } catch (RuntimeException e) {
        return Failures.report(err, "faq import", e, verbose, 3);
      }
      out.printf("%s: %s published to %s%n", file, count(parsed.entries().size(), "entry", "entries"), topics.faq().name());
      return 0;
    }

    /**
     * A tenant with English entries serves English-speaking customers, who will not reach its
     * entries worded only in Chinese: say which, so they can be given an English wording. An entry
     * whose id differs from an English-reachable one's only by a language suffix
     * ({@code card-lost-zh} beside {@code card-lost}) is that entry's translation and is left out.
     */
    private static void noteEntriesEnglishCannotReach(List<FaqEntry> entries, PrintWriter err) {
      Map<String, List<FaqEntry>> byTenant = entries.stream()
          .collect(Collectors.groupingBy(FaqEntry::getTenantId, TreeMap::new, Collectors.toList()));
      byTenant.forEach((tenant, own) -> {
        List<FaqEntry> chineseOnly = Languages.unreachableInEnglish(own);
        // By identity: a list's contains() would compare whole entries, quadratic in the FAQ's size.
        Set<FaqEntry> chineseOnlySet = Collections.newSetFromMap(new IdentityHashMap<>());
        chineseOnlySet.addAll(chineseOnly);
        Set<String> translated = own.stream().filter(e -> !chineseOnlySet.contains(e))
            .map(e -> withoutLanguageSuffix(e.getId())).collect(Collectors.toSet());
        List<String> unreachable = chineseOnly.stream().map(FaqEntry::getId)
            .filter(id -> !translated.contains(withoutLanguageSuffix(id))).toList();
        if (!unreachable.isEmpty() && chineseOnly.size() < own.size()) {
          err.printf("note: %d of tenant %s's entries are worded in Chinese only (%s%s): English inquiries "
                  + "cannot match them; give them an English question or alternate.%n", unreachable.size(), tenant,
              String.join(", ", unreachable.subList(0, Math.min(5, unreachable.size()))),
              unreachable.size() > 5 ? ", …" : "");
        }
      });
      err.flush();
    }

    /** {@code 1 entry}, {@code 2 entries}. */
    static String count(int n, String one, String many) {
      return n + " " + (n == 1 ? one : many);
    }

    private static String withoutLanguageSuffix(String id) {
      return LANGUAGE_SUFFIX.matcher(id).replaceFirst("");
    }
  }
}
