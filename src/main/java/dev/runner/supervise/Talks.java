package dev.runner.supervise;

import dev.runner.notify.Watchdog;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What each child has said over its notify socket (READY=1, WATCHDOG=1, STATUS=...), by pid: a
 * child that speaks the protocol is ready when it says so (or a moment after its port opens), and
 * hung once its watchdog falls silent. Loop thread only.
 */
final class Talks {
  /** How long a child that speaks the notify protocol may take to say READY=1 once its port is open. */
  static final Duration READY_AFTER_PORT = Duration.ofSeconds(2);

  /** What a child has said over its notify socket. */
  private static final class Talk {
    final Watchdog watchdog;
    String status;
    boolean spoke;
    boolean readySent;
    /** It said LISTEN=hotswap: its hotswap agent waits for redefinitions. */
    boolean hotswap;
    long portOpenAt = Long.MIN_VALUE;

    Talk(Duration timeout) {
      this.watchdog = new Watchdog(timeout);
    }
  }

  private final Duration timeoutNotify;
  private final Console console;
  private final Supervisor.Clock clock;
  private final Map<Long, Talk> byPid = new HashMap<>();

  Talks(Duration timeoutNotify, Console console, Supervisor.Clock clock) {
    this.timeoutNotify = timeoutNotify;
    this.console = console;
    this.clock = clock;
  }

  /** The child's port is open: whether that makes it ready now. */
  boolean portOpen(long pid) {
    Talk t = byPid.get(pid);
    if (t == null || !t.spoke || t.readySent) {
      return true;
    }
    // it speaks the notify protocol: give READY=1 a moment to come, then trust the open port
    t.portOpenAt = clock.nanoTime();
    return false;
  }

  /** A message from a current child; whether it says the child is ready (READY=1). */
  boolean heard(Event.Notified e) {
    Talk t = byPid.computeIfAbsent(e.pid(), pid -> new Talk(timeoutNotify));
    t.spoke = true;
    switch (e.key()) {
      case "READY" -> {
        if (e.value().equals("1")) {
          t.readySent = true;
          return true;
        }
      }
      case "WATCHDOG" -> {
        if (e.value().equals("1")) {
          boolean first = !t.watchdog.armed();
          t.watchdog.beat(clock.nanoTime());
          if (first && t.watchdog.armed()) {
            console.debug("pid " + e.pid() + ": first heartbeat; silence longer than --timeout-notify now means hung");
          }
        }
      }
      case "STATUS" -> {
        t.status = e.value();
        console.debug("pid " + e.pid() + " status: " + e.value());
      }
      case "STOPPING" -> console.debug("pid " + e.pid() + " is stopping");
      case "EXITING" -> console.debug("pid " + e.pid() + " has run its shutdown hooks");
      default -> { } // MAINPID and keys of newer protocol versions: nothing to do
    }
    return false;
  }

  /**
   * It said {@code LISTEN=topic}: an agent of the runner's listens (a standby's agent says so before
   * the JVM is a worker, so this is kept for any pid). Not speaking the protocol otherwise: the app's
   * own READY=1 is not waited for because of it.
   */
  void listens(long pid, String topic) {
    if (topic.equals(dev.runner.hotswap.agent.HotswapAgent.TOPIC)) {
      byPid.computeIfAbsent(pid, p -> new Talk(timeoutNotify)).hotswap = true;
    }
  }

  /** Whether the child's hotswap agent said it listens. */
  boolean hotswapListens(long pid) {
    Talk t = byPid.get(pid);
    return t != null && t.hotswap;
  }

  /** Whether the child's port has been open {@link #READY_AFTER_PORT} without a READY=1: it is ready then (once). */
  boolean readyOverdue(long pid, long now) {
    Talk t = byPid.get(pid);
    if (t != null && t.portOpenAt != Long.MIN_VALUE && !t.readySent
        && now - t.portOpenAt - READY_AFTER_PORT.toNanos() >= 0) {
      t.portOpenAt = Long.MIN_VALUE;
      console.debug("pid " + pid + " speaks the notify protocol but sent no READY=1; its port is open");
      return true;
    }
    return false;
  }

  /** Whether the child's watchdog has gone without a heartbeat for longer than --timeout-notify. */
  boolean silent(long pid, long now) {
    Talk t = byPid.get(pid);
    return t != null && t.watchdog.expired(now);
  }

  Duration silentFor(long pid, long now) {
    return byPid.get(pid).watchdog.silentFor(now);
  }

  /** Its last STATUS=, or null. */
  String status(long pid) {
    Talk t = byPid.get(pid);
    return t == null ? null : t.status;
  }

  void forget(long pid) {
    byPid.remove(pid);
  }

  /** The next watchdog deadline or READY=1 wait that ends. */
  OptionalLong deadline() {
    OptionalLong due = OptionalLong.empty();
    for (Talk t : byPid.values()) {
      due = Deadlines.earliest(due, t.watchdog.deadline());
      if (t.portOpenAt != Long.MIN_VALUE && !t.readySent) {
        due = Deadlines.earliest(due, OptionalLong.of(t.portOpenAt + READY_AFTER_PORT.toNanos()));
      }
    }
    return due;
  }
}
