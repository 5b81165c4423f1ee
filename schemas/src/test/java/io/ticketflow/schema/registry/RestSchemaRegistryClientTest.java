package io.ticketflow.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

  @Test
  void aRegistryThatStallsAfterItsHeadersIsGivenUpOnWithinTheRequestTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stalling.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, 1_000); // promises a body, then sends none
      exchange.getResponseBody().flush();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    stalling.start();
    try {
      RestSchemaRegistryClient client = new RestSchemaRegistryClient(
          List.of(URI.create("http://127.0.0.1:" + stalling.getAddress().getPort())), Duration.ofSeconds(1),
          Duration.ofSeconds(1), null);
      SchemaRegistryException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> catchThrowableOfType(SchemaRegistryException.class, () -> client.byId(7)));
      assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE);
      assertThat(e).hasMessageContaining("no complete answer within 1000 ms");
    } finally {
      release.countDown();
      stalling.stop(0);
    }
  }
}
