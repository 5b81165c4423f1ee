package io.ticketflow.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link TicketflowConfig} from a properties file plus {@code TICKETFLOW_} environment
 * variables: {@code TICKETFLOW_TOPIC_PREFIX} sets {@code topic.prefix}, {@code
 * TICKETFLOW_MATCH_ANSWER_THRESHOLD} sets {@code match.answer-threshold} (dots and dashes both
 * become underscores), {@code TICKETFLOW_KAFKA_NUM_STREAM_THREADS} sets {@code
 * kafka.num.stream.threads}. The environment wins over the file.
 */
public final class ConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
  public static final String ENV_PREFIX = "TICKETFLOW_";
  private static final String ENV_KAFKA_PREFIX = ENV_PREFIX + "KAFKA_";
  /**
   * {@code TICKETFLOW_} variables that are no configuration key and still expected: the launcher's
   * JVM options, and the database password of {@code demo}, {@code report} and the Connect
   * worker's config provider, which one shell or container environment may well hold beside
   * {@code run}'s settings.
   */
  private static final Set<String> OTHER_VARIABLES = Set.of("TICKETFLOW_JAVA_OPTS", "TICKETFLOW_JDBC_PASSWORD");

  private ConfigLoader() {}

  /** Loads {@code file} (may be null) overlaid with the process environment. */
  public static TicketflowConfig load(Path file) {
    return load(file, System.getenv());
  }

  public static TicketflowConfig load(Path file, Map<String, String> env) {
    Map<String, Object> props = new HashMap<>();
    if (file != null) {
      props.putAll(readFile(file));
    }
    props.putAll(fromEnvironment(env));
    return new TicketflowConfig(props);
  }

  static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("configuration file " + file + " does not exist or is not a file");
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (CharacterCodingException e) {
      // A user's mistake (often a file saved as ISO-8859-1, the Properties tradition), not a crash.
      throw new ConfigException("configuration file " + file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration file " + file, e);
    }
    Map<String, String> out = new HashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k.trim(), p.getProperty(k).trim()));
    return out;
  }

  /** The settings the environment gives; variables that name no key are reported, not used. */
  static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> byEnvName = new HashMap<>();
    for (String key : TicketflowConfig.CONFIG.names()) {
      byEnvName.put(envName(key), key);
    }
    Map<String, String> out = new HashMap<>();
    env.forEach((name, value) -> {
      if (!name.startsWith(ENV_PREFIX)) {
        return;
      }
      String key = byEnvName.get(name);
      if (key != null) {
        out.put(key, value);
      } else if (name.startsWith(ENV_KAFKA_PREFIX)) {
        // Kafka's own keys are dotted lower case, so the mapping back is unambiguous.
        out.put(TicketflowConfig.KAFKA_PREFIX
            + name.substring(ENV_KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      } else if (!OTHER_VARIABLES.contains(name)) {
        LOG.warn("environment variable {} names no configuration key; ignored", name);
      }
    });
    return out;
  }

  /** {@code match.answer-threshold} -> {@code TICKETFLOW_MATCH_ANSWER_THRESHOLD}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
