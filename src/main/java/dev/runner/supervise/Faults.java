package dev.runner.supervise;

import dev.runner.config.Durations;
import dev.runner.config.RunnerConfig;
import dev.runner.process.ProcessTree.StopReport;
import dev.runner.supervise.Slots.Slot;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the supervisor does about a worker that fails it. One that exits on its own ends the runner
 * with its status when reloading is off, and otherwise is reported and left alone until the next
 * change, so a crashing app does not spin; one behind the proxy that was killed from outside is
 * started again in its slot at once. One whose watchdog falls silent gets a thread dump and a
 * successor. One that is not ready within {@code --timeout-start} is reported and stopped. Loop
 * thread only.
 */
final class Faults {
  /**
   * Exit statuses of a worker killed by SIGKILL or SIGTERM that the runner did not send (the
   * runner takes a child out of its slot before it stops it): the OOM killer, a user's kill, a
   * chaos test. Behind the proxy such a worker, if it had been ready, is replaced at once: the kill says nothing
   * about the app and requests are waiting; a worker that exits on its own (or crashes, e.g.
   * SIGSEGV/SIGABRT) still waits for a change, so a crashing app does not spin.
   */
  static final Set<Integer> KILLED_FROM_OUTSIDE = Set.of(128 + 9, 128 + 15);

  /** How long a thread dump is given to reach the output before the tree is stopped. */
  static final Duration DUMP_PAUSE = Duration.ofMillis(500);

  private final RunnerConfig config;
  private final Child.Launcher launcher;
  private final Optional<Front> front;
  private final Console console;
  private final Supervisor.Clock clock;
  private final Slots slots;
  private final Talks talks;
  private final Stopper stopper;
  private final Ending ending;
  private final Supplier<ReloadEvents> events;

  Faults(RunnerConfig config, Child.Launcher launcher, Optional<Front> front, Console console, Supervisor.Clock clock,
      Slots slots, Talks talks, Stopper stopper, Ending ending, Supplier<ReloadEvents> events) {
    this.config = config;
    this.launcher = launcher;
    this.front = front;
    this.console = console;
    this.clock = clock;
    this.slots = slots;
    this.talks = talks;
    this.stopper = stopper;
    this.ending = ending;
    this.events = events;
  }

  void exited(long pid, int status) {
    for (Slot s : slots.all()) {
      if (s.replacement != null && s.replacement.pid() == pid) {
        stopper.stop(List.of(s.replacement), "exited");
        console.error("the replacement for worker " + s.index + " (pid " + pid + ") exited with status " + status
            + (s.child != null ? "; pid " + s.child.pid() + " keeps serving" : "; waiting for a change"));
        slots.abandonReplacement(s);
        return;
      }
      if (s.child != null && s.child.pid() == pid) {
        Child exited = s.child;
        boolean wasReady = s.ready;
        s.child = null;
        StopReport rest = stopper.stop(List.of(exited), "exited"); // whatever it left behind
        if (!config.reload()) {
          slots.stopGeneration("a worker exited");
          ending.exitWith(status);
          if (status != 0) {
            console.info(slots.who(exited) + " exited with status " + status);
          }
          return;
        }
        String leftovers = rest.terminated() > 0 ? " (stopped " + rest.terminated() + " process(es) it left behind)" : "";
        // only one that had been serving: a worker killed while starting (the OOM killer, again
        // and again) would otherwise be restarted in a loop
        if (front.isPresent() && wasReady && KILLED_FROM_OUTSIDE.contains(status)) {
          if (s.replacement != null) { // a recycle was under way: its replacement simply takes over
            console.info(slots.who(exited) + " was killed (status " + status + ")" + leftovers);
            return;
          }
          console.info(slots.who(exited) + " was killed (status " + status + ")" + leftovers + "; replacing it");
          slots.startInPlaceOf(s, exited);
          return;
        }
        console.info(slots.who(exited) + " exited with status " + status + (wasReady ? "" : " before it was ready")
            + leftovers + "; waiting for a change to restart (or type rs / send SIGHUP)");
        if (!wasReady && status != 0 && front.isPresent()) {
          console.info("if it failed to bind port " + config.port().getAsInt() + ": that is the runner's, which proxies"
              + " to the port in PORT; have the app read PORT (or SERVER_PORT, QUARKUS_HTTP_PORT,"
              + " MICRONAUT_SERVER_PORT), let it bind a port of its own (the runner finds it), or pass --no-proxy");
        }
        events.get().crashed(pid, status, "exited with status " + status + (wasReady ? "" : " before it was ready"));
        return;
      }
    }
    // an earlier generation, already accounted for
  }

  /** Acts on what time has made due: a READY=1 that did not come, a silent watchdog, a late start. */
  void tick(long now) {
    for (Slot s : slots.all()) {
      for (Child c : new Child[] {s.child, s.replacement}) {
        if (c == null) {
          continue;
        }
        if (talks.readyOverdue(c.pid(), now)) {
          slots.ready(c.pid());
        }
        if (talks.silent(c.pid(), now)) {
          noHeartbeat(s, c, now);
        }
      }
    }
    if (config.timeoutStart().isZero()) {
      return;
    }
    long limit = config.timeoutStart().toNanos();
    for (Slot s : slots.all()) {
      if (s.child != null && !s.ready && now - s.spawnedAt - limit >= 0) {
        startTimedOut(s, s.child);
        s.child = null;
      }
      if (s.replacement != null && now - s.replacementAt - limit >= 0) {
        startTimedOut(s, s.replacement);
        slots.abandonReplacement(s);
      }
    }
  }

  private void noHeartbeat(Slot s, Child c, long now) {
    console.error(slots.who(c) + ": no heartbeat for " + String.format(Locale.ROOT, "%.1f",
        talks.silentFor(c.pid(), now).toMillis() / 1000.0) + " s"
        + (talks.status(c.pid()) != null ? "; last STATUS: " + talks.status(c.pid()) : "")
        + "; asking for a thread dump (SIGQUIT), then replacing it");
    launcher.requestThreadDump(c);
    clock.pause(DUMP_PAUSE);
    stopper.stop(List.of(c), "no heartbeat");
    if (s.replacement == c) {
      slots.abandonReplacement(s);
      return;
    }
    slots.startInPlaceOf(s, c);
  }

  /** When the next worker still starting runs out of {@code --timeout-start}. */
  OptionalLong startDeadline() {
    if (config.timeoutStart().isZero()) {
      return OptionalLong.empty();
    }
    OptionalLong due = OptionalLong.empty();
    for (Slot s : slots.all()) {
      if (s.child != null && !s.ready) {
        due = Deadlines.earliest(due, OptionalLong.of(s.spawnedAt + config.timeoutStart().toNanos()));
      }
      if (s.replacement != null) {
        due = Deadlines.earliest(due, OptionalLong.of(s.replacementAt + config.timeoutStart().toNanos()));
      }
    }
    return due;
  }

  private void startTimedOut(Slot s, Child c) {
    console.error(slots.who(c) + " was not ready within --timeout-start " + Durations.format(config.timeoutStart())
        + (!c.notReadyWhy().isEmpty() ? " (" + c.notReadyWhy() + ")"
            : c.port() > 0 ? " (nothing accepted connections on its PORT=" + c.port() + ")" : "")
        + "; stopping it" + (config.reload() ? " and waiting for a change" : ""));
    stopper.stop(List.of(c), "not ready");
    if (s.replacement != c) {
      events.get().crashed(c.pid(), -1, "not ready within --timeout-start " + Durations.format(config.timeoutStart()));
    }
    if (!config.reload() && s.replacement == null) {
      ending.exitWith(1);
    }
  }
}
