package io.ticketflow.connect.sink;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;

/**
 * The Connect worker settings that resolve {@link SinkSettings#jdbcPasswordReference()}: Kafka's
 * own config providers, each allowed to read only the password. A worker's REST API lets anyone
 * who reaches it create connectors, and a connector's config may name any provider the worker
 * has, so an unrestricted {@code env} provider would hand out every variable of the worker's
 * environment (an LLM API key, say) and an unrestricted {@code dir} provider every readable file.
 */
public final class PasswordProviders {
  /** The provider alias of {@link SinkSettings#ENV_PASSWORD_REFERENCE}. */
  public static final String ENV = "env";
  /** The provider alias of {@link #dirReference}. */
  public static final String DIR = "dir";
  /** The file name {@link #dirReference} reads in its directory. */
  public static final String PASSWORD_FILE = "jdbc-password";

  private PasswordProviders() {}

  /** {@code env}, reading {@link SinkSettings#PASSWORD_ENV} and nothing else. */
  public static Map<String, String> envWorkerProperties() {
    return withDir(null);
  }

  /**
   * {@code env} as {@link #envWorkerProperties()}, and {@code dir} when {@code secretDir} is not
   * null, reading files in that directory only.
   */
  public static Map<String, String> withDir(Path secretDir) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("config.providers", secretDir == null ? ENV : ENV + "," + DIR);
    props.put("config.providers." + ENV + ".class", EnvVarConfigProvider.class.getName());
    props.put("config.providers." + ENV + ".param.allowlist.pattern", SinkSettings.PASSWORD_ENV);
    if (secretDir != null) {
      props.put("config.providers." + DIR + ".class", DirectoryConfigProvider.class.getName());
      props.put("config.providers." + DIR + ".param.allowed.paths", secretDir.toString());
    }
    return props;
  }

  /** The reference to the password in {@code secretDir}'s {@link #PASSWORD_FILE}. */
  public static String dirReference(Path secretDir) {
    return "${" + DIR + ":" + secretDir + ":" + PASSWORD_FILE + "}";
  }
}
