package io.ticketflow.devstack.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.devstack.EmbeddedStack;
import io.ticketflow.devstack.junit.EmbeddedStackExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(EmbeddedStackExtension.class)
class EmbeddedConnectIT {

  private static Set<Path> offsetFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("ticketflow-connect-offsets-"))
          .collect(Collectors.toSet());
    }
  }

  /**
   * Connect's own JVM shutdown hook raced the demo's orderly stop at Ctrl-C (the broker went down
   * under a worker still stopping), and each restart added one more. Read from the JDK's hook table
   * (failsafe opens java.lang for it).
   */
  @Test
  void theWorkerRegistersNoShutdownHookOfItsOwnAlsoWhenRestarted(EmbeddedStack stack) throws Exception {
    Set<Thread> before = shutdownHooks();
    try (EmbeddedConnect worker = EmbeddedConnect.start(stack.bootstrapServers(), Map.of())) {
      worker.restart();
      Set<Thread> added = shutdownHooks();
      added.removeAll(before);
      assertThat(added).extracting(Thread::getName).doesNotContain(EmbeddedConnect.CONNECT_SHUTDOWN_HOOK);
    }
  }

  /** Kafka's startConnect exits the JVM when the worker fails to start: here it must be an exception. */
  @Test
  void aWorkerThatFailsToStartThrowsInsteadOfEndingTheJvm(EmbeddedStack stack, @TempDir Path dir) {
    // A directory where the offsets file belongs: the worker's offset store cannot read it.
    assertThatThrownBy(() -> EmbeddedConnect.start(stack.bootstrapServers(),
        Map.of("offset.storage.file.filename", dir.toString())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("the Connect worker did not start");
  }

  @SuppressWarnings("unchecked")
  private static Set<Thread> shutdownHooks() throws ReflectiveOperationException {
    Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
    java.lang.reflect.Field field = hooks.getDeclaredField("hooks");
    field.setAccessible(true);
    synchronized (hooks) {
      return new java.util.HashSet<>(((Map<Thread, Thread>) field.get(null)).keySet());
    }
  }

  @Test
  void aWorkerThatCannotStartLeavesNoOffsetsFileBehind(EmbeddedStack stack) throws IOException {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      Set<Path> before = offsetFiles();

      assertThatThrownBy(() -> EmbeddedConnect.start(stack.bootstrapServers(),
          Map.of("listeners", "http://127.0.0.1:" + busy.getLocalPort())))
          .hasMessageContaining("REST server");

      Set<Path> left = offsetFiles();
      left.removeAll(before);
      assertThat(left).as("offsets files of the failed start").isEmpty();
    }
  }
}
