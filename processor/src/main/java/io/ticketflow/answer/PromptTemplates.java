package io.ticketflow.answer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prompt texts, from resources: {@code prompts/default/<name>.txt} in the jar, overridden by
 * {@code <dir>/<name>.txt} and per tenant by {@code <dir>/<tenant>/<name>.txt} when a template
 * directory is configured. Templates use {@code {{placeholder}}}s.
 */
public final class PromptTemplates {
  public static final String SYSTEM = "system";
  public static final String USER = "user";
  public static final String TRANSLATE = "translate";

  private final Path dir;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  /** @param dir a directory of overrides, or null for the built-in templates only */
  public PromptTemplates(Path dir) {
    this.dir = dir;
  }

  public String get(String tenantId, String name) {
    return cache.computeIfAbsent(tenantId + '/' + name, k -> load(tenantId, name));
  }

  private String load(String tenantId, String name) {
    if (dir != null) {
      for (Path candidate : new Path[] {dir.resolve(safe(tenantId)).resolve(name + ".txt"), dir.resolve(name + ".txt")}) {
        if (Files.isRegularFile(candidate)) {
          try {
            return Files.readString(candidate, StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt template " + candidate, e);
          }
        }
      }
    }
    try (InputStream in = PromptTemplates.class.getResourceAsStream("/prompts/default/" + name + ".txt")) {
      if (in == null) {
        throw new IllegalArgumentException("no prompt template named " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tenant id as a directory name: no path tricks. */
  private static String safe(String tenantId) {
    return tenantId.replaceAll("[^A-Za-z0-9._-]", "_").replace("..", "_");
  }

  /** Replaces each {@code {{key}}} with its value. */
  public static String fill(String template, Map<String, String> values) {
    String text = template;
    for (Map.Entry<String, String> entry : values.entrySet()) {
      text = text.replace("{{" + entry.getKey() + "}}", entry.getValue());
    }
    return text;
  }
}
