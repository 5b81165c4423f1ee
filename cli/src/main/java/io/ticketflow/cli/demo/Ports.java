package io.ticketflow.cli.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Checks before anything starts that the demo's fixed ports are free, so a busy port is one clear
 * line naming the flag to change, not a stack trace from deep inside the broker.
 */
final class Ports {
  private static final int MAX_PORT = 65_535;

  private Ports() {}

  /** {@code holder}: what holds the port when it is busy, and how to free it, if known. */
  record Wanted(int port, String what, String flag, IntFunction<Optional<String>> holder) {
    Wanted(int port, String what, String flag) {
      this(port, what, flag, p -> Optional.empty());
    }
  }

  /**
   * The problems, one line each; empty when every port (other than 0) is a port number, wanted by
   * one service only and can be bound on loopback. A port given to two services is free when
   * checked, but the second service to start would fail on it, late and far from the flags.
   */
  static List<String> busy(List<Wanted> wanted) {
    List<String> problems = new ArrayList<>();
    Map<Integer, Wanted> given = new HashMap<>();
    for (Wanted w : wanted) {
      if (w.port() < 0 || w.port() > MAX_PORT) {
        problems.add(w.flag() + " " + w.port() + " (" + w.what() + ") is not a port: choose one from 0 to "
            + MAX_PORT + " (0: any free port)");
        continue;
      }
      if (w.port() == 0) {
        continue;
      }
      Wanted first = given.putIfAbsent(w.port(), w);
      if (first != null) {
        problems.add("port " + w.port() + " is given to both the " + first.what() + " (" + first.flag() + ") and the "
            + w.what() + " (" + w.flag() + "); choose another with " + w.flag() + " PORT");
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", w.port()));
      } catch (IOException e) {
        problems.add("port " + w.port() + " (" + w.what() + ") is in use"
            + w.holder().apply(w.port()).map(h -> " by " + h + ", or").orElse(";") + " choose another with " + w.flag() + " PORT");
      }
    }
    return problems;
  }
}
