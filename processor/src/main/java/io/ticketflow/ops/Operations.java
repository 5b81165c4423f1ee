package io.ticketflow.ops;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticketflow.config.TicketflowConfig;
import io.ticketflow.schema.topic.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Everything the ops server needs around a running processor, started and stopped together: the
 * Streams metrics binding, the outcome feed, the console's inquiry publisher and the server.
 */
public final class Operations implements AutoCloseable {
  private final KafkaStreamsMetrics streamsMetrics;
  private final OutcomeFeed feed;
  private final InquiryPublisher publisher;
  private final OpsServer server;

  private Operations(KafkaStreamsMetrics streamsMetrics, OutcomeFeed feed, InquiryPublisher publisher, OpsServer server) {
    this.streamsMetrics = streamsMetrics;
    this.feed = feed;
    this.publisher = publisher;
    this.server = server;
  }

  /**
   * Starts the ops server for {@code streams} on {@code host:port}.
   *
   * @param tenants offered by the console's tenant picker (empty: free text)
   * @param readiness checks beyond "Streams is RUNNING", e.g. the sink connectors
   * @param fromBeginning read the output topics from their start (the demo: counts describe the
   *     topics) or only what is written from now on (a production cluster's history can be large)
   */
  public static Operations start(TicketflowConfig config, String host, int port, KafkaStreams streams,
      PrometheusMeterRegistry meters, Topics topics, List<String> tenants, List<HealthCheck> readiness,
      boolean fromBeginning) {
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(meters);
    OutcomeFeed feed = null;
    InquiryPublisher publisher = null;
    try {
      feed = new OutcomeFeed(config.bootstrapServers(), config.clientSettings(ConsumerConfig.configNames()), topics,
          fromBeginning);
      publisher = new InquiryPublisher(config.bootstrapServers(), config.clientSettings(ProducerConfig.configNames()),
          topics.inquiries());
      OpsServer server = OpsServer.start(host, port, new OpsServer.Parts(meters, streams::state, readiness, feed,
          publisher, tenants, new FaqStatsQuery(streams)));
      feed.start();
      return new Operations(streamsMetrics, feed, publisher, server);
    } catch (RuntimeException e) {
      if (feed != null) {
        feed.close();
      }
      if (publisher != null) {
        publisher.close();
      }
      streamsMetrics.close();
      throw e;
    }
  }

  /** The {@code kafka.*} overrides a plain client understands (security settings and the like). */
  public OpsServer server() {
    return server;
  }

  @Override
  public void close() {
    server.close();
    feed.close();
    publisher.close();
    streamsMetrics.close();
  }
}
