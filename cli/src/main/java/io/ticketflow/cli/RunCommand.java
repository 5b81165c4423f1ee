package io.ticketflow.cli;

import io.ticketflow.TicketflowProcessor;
import io.ticketflow.config.ConfigLoader;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.match.ExactFaqMatcher;
import io.ticketflow.ops.StartupException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ticketflow run --config FILE}: runs the processor against an existing Kafka cluster until
 * Ctrl-C (the processor's shutdown hook commits and closes cleanly). Exit codes: 0 after a clean
 * stop, 1 when it cannot start or fails, 2 for an invalid configuration.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the processor against an existing Kafka cluster until Ctrl-C.",
        "Settings come from FILE (Java properties) and TICKETFLOW_* environment variables,",
        "e.g. TICKETFLOW_TOPIC_PREFIX=helpdesk. ; Kafka settings go under kafka.* (TICKETFLOW_KAFKA_*)."})
public final class RunCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Properties file.")
  Path configFile;

  @Override
  public Integer call() throws Exception {
    TicketflowConfig config;
    try {
      config = ConfigLoader.load(configFile);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("Invalid configuration: " + e.getMessage());
      return 2;
    }
    // The exact matcher until the hybrid matcher lands; the topology only knows the FaqMatcher seam.
    io.micrometer.core.instrument.MeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    io.ticketflow.answer.AnswerStage answer = io.ticketflow.answer.AnswerStages.create(config, System.getenv(), meters);
    io.ticketflow.topology.Stages stages = io.ticketflow.topology.Stages.of(config, new ExactFaqMatcher(), meters)
        .withAnswer(answer);
    AutoCloseable answerResources = answer instanceof AutoCloseable closeable ? closeable : () -> { };
    try (answerResources; TicketflowProcessor processor = TicketflowProcessor.run(config, stages)) {
      spec.commandLine().getOut().println("ticketflow processor started (application.id=" + config.applicationId()
          + "); Ctrl-C to stop");
      processor.awaitTermination();
      return processor.state() == KafkaStreams.State.ERROR ? 1 : 0;
    } catch (StartupException e) {
      spec.commandLine().getErr().println("Cannot start: " + e.getMessage());
      return 1;
    }
  }
}
