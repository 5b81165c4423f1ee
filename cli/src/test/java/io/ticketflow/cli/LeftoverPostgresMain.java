package io.ticketflow.cli;

import io.ticketflow.devstack.db.EmbeddedPostgresDatabase;
import java.util.concurrent.CountDownLatch;

/** A JVM that starts an embedded PostgreSQL and waits to be killed, as a demo killed with kill -9. */
public final class LeftoverPostgresMain {
  private LeftoverPostgresMain() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedPostgresDatabase db = EmbeddedPostgresDatabase.start();
    System.out.println("PORT=" + db.port());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
