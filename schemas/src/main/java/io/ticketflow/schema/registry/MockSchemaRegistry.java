package io.ticketflow.schema.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory registries shared per scope, for {@code schema.registry.url=mock://scope} — the same
 * convention as Confluent's serializers, so tests need no server.
 */
public final class MockSchemaRegistry {
  public static final String SCHEME = "mock://";

  private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private MockSchemaRegistry() {}

  public static InMemorySchemaRegistry forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
  }

  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }
}
