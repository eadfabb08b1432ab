package dev.runner.supervise;

import dev.runner.apps.ListeningPorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Finds out when one child is ready, on a short-lived thread of its own: its port accepts
 * connections (the one it was given in {@code PORT}, or, behind the proxy, the one its process
 * tree listens on instead), and then, with a ready path, {@code GET PATH} answers anything but 404
 * or 5xx (Javalin, for one, registers its routes after its port is open). A child that listens on
 * another port than {@code PORT} is told about in one line, within a second of that port opening.
 */
final class ReadinessProbe implements Runnable {
  private static final long ACCEPT_EVERY_MS = 5;
  private static final long SCAN_EVERY_MS = 25;
  private static final long PATH_EVERY_MS = 20;
  /** How long another port must stay open while PORT stays closed before the proxy takes it. */
  static final long ADOPT_AFTER_MS = 300;
  /** Without the proxy nothing is adopted; a port that stays open this long instead of PORT is reported. */
  static final long REPORT_AFTER_MS = 1000;

  /**
   * @param port the port given in PORT
   * @param proxied the runner proxies to the child, so another port of its tree may be used
   * @param runnerPort the port the user reaches the app on (--port)
   * @param path GET this until it answers neither 404 nor 5xx
   * @param ignored ports of the tree that are not the app's (a debugger's, DevTools' live reload)
   * @param known the port an earlier child of this runner was found listening on instead of PORT (-1:
   *     none): an app with a fixed port of its own opens it again after each reload, and is taken
   *     there at once, without another line
   */
  record Plan(int port, boolean proxied, int runnerPort, Optional<String> path, Set<Integer> ignored, int known) {}

  private final Process process;
  private final Plan plan;
  private final Consumer<Event> post;
  private final Console console;
  private final IntConsumer usePort;
  private final Consumer<String> waitingFor;

  /** {@code usePort}: the child serves on this port after all; {@code waitingFor}: what it is not ready for, for messages. */
  ReadinessProbe(Process process, Plan plan, Consumer<Event> post, Console console, IntConsumer usePort,
      Consumer<String> waitingFor) {
    this.process = process;
    this.plan = plan;
    this.post = post;
    this.console = console;
    this.usePort = usePort;
    this.waitingFor = waitingFor;
  }

  @Override
  public void run() {
    try {
      int port = awaitPort();
      if (port > 0 && awaitPath(port)) {
        post.accept(new Event.ChildReady(process.pid()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The port the child serves on once it accepts connections; -1 if it exited first. */
  private int awaitPort() throws InterruptedException {
    Map<Integer, Long> seenSince = new HashMap<>();
    long lastScan = 0;
    boolean reported = false;
    waitingFor.accept("nothing accepted connections on its PORT=" + plan.port());
    while (process.isAlive()) {
      if (LoopbackPorts.accepts(plan.port())) {
        return plan.port();
      }
      long now = System.nanoTime();
      if (now - lastScan >= TimeUnit.MILLISECONDS.toNanos(SCAN_EVERY_MS)) {
        lastScan = now;
        List<Integer> others = otherPorts(now, seenSince);
        if (!others.isEmpty()) {
          waitingFor.accept("its tree listens on " + ports(others) + ", not on its PORT=" + plan.port());
        }
        long settled = plan.proxied() ? ADOPT_AFTER_MS : REPORT_AFTER_MS;
        Optional<Integer> chosen = others.stream().filter(p -> p == plan.known()).findFirst().or(() -> others.stream()
            .filter(p -> now - seenSince.get(p) >= TimeUnit.MILLISECONDS.toNanos(settled)).findFirst());
        if (chosen.isPresent() && plan.proxied() && chosen.get() == plan.known()) {
          console.debug("pid " + process.pid() + " listens on 127.0.0.1:" + chosen.get() + " again; proxying to it");
          usePort.accept(chosen.get());
          return chosen.get();
        }
        if (chosen.isPresent() && plan.proxied()) {
          console.info("pid " + process.pid() + " listens on 127.0.0.1:" + chosen.get() + (others.size() > 1
              ? " (and " + ports(others.stream().filter(p -> !p.equals(chosen.get())).toList()) + ")" : "")
              + ", not on its PORT=" + plan.port() + "; proxying port " + plan.runnerPort() + " to it. To skip this"
              + " search, have the app read PORT (or SERVER_PORT, QUARKUS_HTTP_PORT, MICRONAUT_SERVER_PORT, which the"
              + " runner sets too)");
          usePort.accept(chosen.get());
          return chosen.get();
        }
        if (chosen.isPresent() && !reported) {
          reported = true;
          console.warn("pid " + process.pid() + " listens on " + ports(others) + " but not on --port "
              + plan.port() + " (given to it in PORT); have the app read PORT (or SERVER_PORT, QUARKUS_HTTP_PORT,"
              + " MICRONAUT_SERVER_PORT), or drop --no-proxy and the runner proxies to the port it opens");
        }
      }
      process.waitFor(ACCEPT_EVERY_MS, TimeUnit.MILLISECONDS);
    }
    return -1;
  }

  /** The tree's listening ports other than PORT and the ignored ones, remembering when each was first seen. */
  private List<Integer> otherPorts(long now, Map<Integer, Long> seenSince) {
    List<Long> pids = new ArrayList<>();
    pids.add(process.pid());
    process.toHandle().descendants().forEach(h -> pids.add(h.pid()));
    Set<Integer> open = ListeningPorts.of(pids);
    open.remove(plan.port());
    open.removeAll(plan.ignored());
    seenSince.keySet().retainAll(open);
    open.forEach(p -> seenSince.putIfAbsent(p, now));
    return List.copyOf(open);
  }

  private static String ports(List<Integer> ports) {
    return ports.size() == 1 ? "port " + ports.get(0)
        : "ports " + ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /** True once the ready path (if any) answers neither 404 nor 5xx; false if the child exited first. */
  private boolean awaitPath(int port) throws InterruptedException {
    if (plan.path().isEmpty()) {
      return true;
    }
    String path = plan.path().get();
    while (process.isAlive()) {
      int status = status(port, path);
      if (status > 0 && status != 404 && status < 500) {
        return true;
      }
      waitingFor.accept("GET " + path + " on its port " + port + (status > 0 ? " answered " + status
          : " got no answer") + " (--ready-path)");
      process.waitFor(PATH_EVERY_MS, TimeUnit.MILLISECONDS);
    }
    return false;
  }

  /** The status code of {@code GET path} on loopback, or -1 when there is none (refused, reset, no HTTP). */
  static int status(int port, String path) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 250);
      s.setSoTimeout(2000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nUser-Agent: runner-ready-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n' && line.length() < 200; c = in.read()) {
        line.append((char) c);
      }
      String[] parts = line.toString().split(" ");
      return parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1].trim()) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
