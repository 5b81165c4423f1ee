package io.ticketflow.config;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/** Checks a {@code kafka.*} setting against Kafka's own definitions, for {@link TicketflowConfig}. */
final class KafkaSettingCheck {
  /** Streams' client prefixes, longest first, and the definitions of the settings under them. */
  private static final List<Map.Entry<String, ConfigDef>> CLIENT_PREFIXES = List.of(
      Map.entry(StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configDef()),
      Map.entry(StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configDef()),
      Map.entry(StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configDef()),
      Map.entry(StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configDef()),
      Map.entry(StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configDef()),
      Map.entry(StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configDef()));

  private KafkaSettingCheck() {}

  /**
   * A {@code kafka.*} value Kafka defines is checked as Kafka will check it: Streams reads these only
   * once the processor starts, after the broker and registry checks and the topics' creation, and
   * an invalid one escaped {@code run} as a stack trace. Keys Kafka does not define pass (Streams
   * hands them on, e.g. to our exception handlers).
   */
  static void check(String name, Object value) {
    ConfigDef.ConfigKey key = StreamsConfig.configDef().configKeys().get(name);
    for (Map.Entry<String, ConfigDef> prefix : CLIENT_PREFIXES) {
      if (name.startsWith(prefix.getKey())) {
        key = prefix.getValue().configKeys().get(name.substring(prefix.getKey().length()));
        break;
      }
    }
    if (key == null) {
      return;
    }
    try {
      Object parsed = ConfigDef.parseType(key.name, value, key.type);
      if (key.validator != null) {
        key.validator.ensureValid(key.name, parsed);
      }
    } catch (ConfigException invalid) {
      // Kafka's message names the key without our prefix; a secret's value is a Password, never shown.
      throw new ConfigException(TicketflowConfig.KAFKA_PREFIX + name + ": " + invalid.getMessage());
    }
  }
}
