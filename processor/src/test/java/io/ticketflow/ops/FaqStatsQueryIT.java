package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import io.ticketflow.topology.Stores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/faq-stats} on a processor that runs beside others, against the real broker. */
@ExtendWith(EmbeddedStackExtension.class)
class FaqStatsQueryIT {

  /**
   * With more instances than partitions, one runs and holds none of the statistics: Streams says
   * the store "may have migrated", and the endpoint must not tell it to wait for a RUNNING it is in.
   */
  @Test
  void anInstanceThatHoldsNoneOfTheStatisticsSaysSoWhileRunning(EmbeddedStack stack, @TempDir Path dir)
      throws Exception {
    String topic = "faq-stats-it-" + UUID.randomUUID().toString().substring(0, 8);
    stack.kafka().createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
    try (KafkaStreams first = start(stack, topic, dir.resolve("first"));
        KafkaStreams second = start(stack, topic, dir.resolve("second"))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == KafkaStreams.State.RUNNING
          && second.state() == KafkaStreams.State.RUNNING
          && first.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum()
              + second.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum() == 1);
      KafkaStreams idle = first.metadataForLocalThreads().stream().allMatch(t -> t.activeTasks().isEmpty())
          ? first : second;
      try (OpsServer server = OpsServer.start("127.0.0.1", 0, new OpsServer.Parts(
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), idle::state, List.of(), null, null, List.of("shop"),
          new FaqStatsQuery(idle)))) {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.url() + "api/faq-stats?tenant=shop")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("holds none of the statistics' partitions").doesNotContain("try again when it is RUNNING");
      }
    }
  }

  private static KafkaStreams start(EmbeddedStack stack, String topic, Path stateDir) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topic, Consumed.with(Serdes.String(), Serdes.String())).groupByKey().count(
        Materialized.as(org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(Stores.FAQ_HELPFULNESS)));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, topic);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    streams.start();
    return streams;
  }
}
