package io.ticketflow.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On a 2-CPU JVM, default-executor async steps (how openai-java sends every request) start a
 * thread each unless {@link AsyncDefaults#preferPooledAsync()} ran first. Checked in child JVMs
 * limited to 2 CPUs, because the common pool of this JVM is fixed already.
 */
class AsyncDefaultsTest {

  /** The child: optionally asks for the pool, then reports where an async step ran. */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("prefer")) {
      AsyncDefaults.preferPooledAsync();
    }
    String thread = CompletableFuture.completedFuture("x")
        .thenApplyAsync(x -> Thread.currentThread().getName()).join();
    System.out.println("pooled=" + AsyncDefaults.pooled() + " thread=" + thread);
  }

  private static String child(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"),
        AsyncDefaultsTest.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void onTwoCpusAsyncStepsGetAThreadEachUnlessThePoolIsPreferredFirst() throws Exception {
    assertThat(child()).startsWith("pooled=false thread=Thread-");
    assertThat(child("prefer")).startsWith("pooled=true thread=ForkJoinPool.commonPool-worker-");
  }
}
