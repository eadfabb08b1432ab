package dev.runner.supervise;

import dev.runner.config.Durations;
import dev.runner.config.RunnerConfig;
import dev.runner.process.ProcessTree.StopReport;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Ends children: takes them out of the front proxy, lets their requests finish (bounded by
 * {@code --grace}), then stops and joins their whole process trees at once, and says what that
 * took. A second Ctrl-C cuts both waits short; a child that has said EXITING=1 is not waited for.
 */
final class Stopper {
  private final RunnerConfig config;
  private final Child.Launcher launcher;
  private final Optional<Front> front;
  private final Console console;
  private final Talks talks;
  private volatile boolean forceStop;
  /** The signal that set {@link #forceStop} (a second SIGINT or SIGTERM), to name it in the stop's line. */
  private volatile int forcedBy;
  /** Children that said EXITING=1: their shutdown hooks are done, so a stop need not wait for them. */
  private final Set<Long> exiting = ConcurrentHashMap.newKeySet();

  Stopper(RunnerConfig config, Child.Launcher launcher, Optional<Front> front, Console console, Talks talks) {
    this.config = config;
    this.launcher = launcher;
    this.front = front;
    this.console = console;
    this.talks = talks;
  }

  /** Thread-safe: the child said EXITING=1 (read by a stop already under way on the loop thread). */
  void exiting(long pid) {
    exiting.add(pid);
  }

  /** Thread-safe: a second Ctrl-C (this signal): stop waiting for the grace period. */
  void force(int signal) {
    forcedBy = signal;
    forceStop = true;
  }

  StopReport stop(List<Child> children, String why) {
    List<Long> pids = children.stream().map(Child::pid).toList();
    front.ifPresent(f -> {
      pids.forEach(f::unroute);
      if (!f.awaitIdle(pids, config.grace(), () -> forceStop)) {
        console.info("requests still running on " + Child.pids(children) + " after --grace; stopping anyway");
      }
    });
    // Once every child has run its shutdown hooks (EXITING=1) nothing is lost by ending the trees
    // at once, instead of waiting out the JVM's exit (≈ 300 ms while threads sit in native code).
    BooleanSupplier hooksDone = () -> exiting.containsAll(pids);
    StopReport r = launcher.stopAll(children, config.grace(), () -> forceStop || hooksDone.getAsBoolean());
    boolean early = hooksDone.getAsBoolean();
    pids.forEach(exiting::remove);
    front.ifPresent(f -> pids.forEach(f::forget));
    pids.forEach(talks::forget);
    if (early && r.killed() > 0) {
      console.debug(Child.pids(children) + ": ended " + r.killed() + " process(es) at once after their shutdown hooks"
          + " (EXITING=1)");
    } else if (r.killed() > 0 && forceStop) {
      // not a grace period that ran out (timeout -s INT sends SIGINT twice, 0.4 s apart)
      console.info(Child.pids(children) + ": a second " + Signals.name(forcedBy) + " cut the stop short; killed "
          + r.killed() + " process(es) after " + r.millis() + " ms");
    } else if (r.killed() > 0) {
      console.info(Child.pids(children) + ": " + r.killed() + " process(es) did not stop within --grace "
          + Durations.format(config.grace()) + "; killed");
    }
    if (!r.survivors().isEmpty()) {
      console.error("processes " + r.survivors() + " survived SIGKILL (uninterruptible?); going on");
    }
    console.debug("stopped " + Child.pids(children) + " (" + why + "): " + r.terminated() + " process(es) in "
        + r.millis() + " ms");
    return r;
  }
}
