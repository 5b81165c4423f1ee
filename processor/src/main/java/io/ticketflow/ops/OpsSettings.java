package io.ticketflow.ops;

import io.ticketflow.config.DurationValidator;
import io.ticketflow.config.HttpUrlValidator;
import io.ticketflow.config.TicketflowConfig;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The {@code ops.*} keys: where the operations server (metrics, health, web console) listens.
 * Loopback by default because the console can publish inquiries: exposing it is a decision.
 */
public record OpsSettings(boolean enabled, String host, int port, String connectUrl, List<String> connectors,
    Duration sinkStallTimeout) {
  public static final String GROUP = "Operations";
  public static final String ENABLED = "ops.enabled";
  public static final String HOST = "ops.host";
  public static final String PORT = "ops.port";
  public static final String CONNECT_URL = "ops.connect-url";
  public static final String CONNECTORS = "ops.connectors";
  public static final String SINK_STALL_TIMEOUT = "ops.sink-stall-timeout";
  public static final int DEFAULT_PORT = 8080;

  /** Adds the keys to {@code def} (called by {@link TicketflowConfig}'s definition). */
  public static void define(ConfigDef def) {
    int order = 0;
    def.define(ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
        "Serve /metrics, /health/live, /health/ready and the web console on ops.host:ops.port.",
        GROUP, ++order, ConfigDef.Width.SHORT, "Ops server on");
    def.define(HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
        "Address the ops server binds to; loopback by default (the console can publish inquiries).",
        GROUP, ++order, ConfigDef.Width.MEDIUM, "Ops host");
    def.define(PORT, Type.INT, DEFAULT_PORT, Range.between(0, 65535), Importance.MEDIUM,
        "Port of the ops server (0 picks a free one).", GROUP, ++order, ConfigDef.Width.SHORT, "Ops port");
    def.define(CONNECT_URL, Type.STRING, "", new HttpUrlValidator(), Importance.LOW,
        "Kafka Connect REST URL; when set, /health/ready also needs the connectors there (ops.connectors) and their tasks RUNNING.",
        GROUP, ++order, ConfigDef.Width.LONG, "Connect URL");
    def.define(CONNECTORS, Type.LIST, "", Importance.LOW,
        "Names of the connectors /health/ready needs RUNNING on the ops.connect-url worker (e.g. the five sinks);"
            + " empty = every connector on that worker, whoever deployed it.",
        GROUP, ++order, ConfigDef.Width.LONG, "Connectors");
    def.define(SINK_STALL_TIMEOUT, Type.STRING, "5m", DurationValidator.zeroAllowed(), Importance.LOW,
        "With ops.connect-url: /health/ready fails while a sink connector has not written records that were on its"
            + " topics this long ago (a task that waits out a database outage stays RUNNING). Keep it well above the"
            + " worker's offset.flush.interval.ms (60 s by default); 0 turns the check off.",
        GROUP, ++order, ConfigDef.Width.SHORT, "Sink stall timeout");
  }

  public static OpsSettings from(TicketflowConfig config) {
    return new OpsSettings(config.getBoolean(ENABLED), config.getString(HOST), config.getInt(PORT),
        config.getString(CONNECT_URL), config.getList(CONNECTORS).stream()
            .filter(name -> !name.isEmpty()).toList(), DurationValidator.parse(config.getString(SINK_STALL_TIMEOUT)));
  }
}
