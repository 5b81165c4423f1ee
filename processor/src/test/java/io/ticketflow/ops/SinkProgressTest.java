package io.ticketflow.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.config.TicketflowConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkProgressTest {
  private static final String WORKER = """
      {"ticketflow-sink-replies": {"info": {"name": "ticketflow-sink-replies", "type": "sink",
          "config": {"topics": "helpdesk.replies , helpdesk.more,", "connector.class": "x"}, "tasks": []}},
       "custom-group": {"info": {"type": "sink",
          "config": {"topics": "a", "consumer.override.group.id": "my-group"}}},
       "by-pattern": {"info": {"type": "sink", "config": {"topics.regex": "helpdesk\\\\..*"}}},
       "a-source": {"info": {"type": "source", "config": {"topic": "x"}}}}""";

  @Test
  void readsTheSinksTopicsAndConsumerGroupsFromTheWorker() throws Exception {
    List<SinkProgress.Sink> sinks = SinkProgress.sinks(new ObjectMapper().readTree(WORKER), List.of());
    assertThat(sinks).containsExactlyInAnyOrder(
        new SinkProgress.Sink("ticketflow-sink-replies", "connect-ticketflow-sink-replies",
            List.of("helpdesk.replies", "helpdesk.more")),
        new SinkProgress.Sink("custom-group", "my-group", List.of("a")),
        new SinkProgress.Sink("by-pattern", "connect-by-pattern", List.of()));
  }

  @Test
  void judgesOnlyTheNamedConnectorsWhenGiven() throws Exception {
    List<SinkProgress.Sink> sinks = SinkProgress.sinks(new ObjectMapper().readTree(WORKER),
        List.of("custom-group", "a-source", "not-deployed"));
    assertThat(sinks).extracting(SinkProgress.Sink::connector).containsExactly("custom-group");
  }

  @Test
  void theStallTimeoutDefaultsToFiveMinutesAndZeroTurnsItOff() {
    Map<String, String> base = Map.of("bootstrap.servers", "localhost:9092", "schema.registry.url", "http://localhost:8081");
    assertThat(OpsSettings.from(new TicketflowConfig(base)).sinkStallTimeout()).isEqualTo(Duration.ofMinutes(5));
    Map<String, String> off = new java.util.HashMap<>(base);
    off.put(OpsSettings.SINK_STALL_TIMEOUT, "0");
    assertThat(OpsSettings.from(new TicketflowConfig(off)).sinkStallTimeout()).isZero();
  }

  @Test
  void aConnectUrlThatIsNoneIsAConfigurationError() {
    Map<String, String> base = Map.of("bootstrap.servers", "localhost:9092", "schema.registry.url", "http://localhost:8081");
    for (String bad : new String[] {"connect:8083", "http://", "ftp://connect:8083", "http://con nect:8083"}) {
      Map<String, String> m = new java.util.HashMap<>(base);
      m.put(OpsSettings.CONNECT_URL, bad);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TicketflowConfig(m)).as(bad)
          .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
          .hasMessageContaining(OpsSettings.CONNECT_URL);
    }
    Map<String, String> m = new java.util.HashMap<>(base);
    m.put(OpsSettings.CONNECT_URL, "http://connect:8083/");
    assertThat(OpsSettings.from(new TicketflowConfig(m)).connectUrl()).isEqualTo("http://connect:8083/");
  }
}
