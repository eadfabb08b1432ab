package dev.runner.supervise;

import dev.runner.config.RunnerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * The worker slots, and which child holds each. A generation is started and stopped whole, one
 * child per slot, so two generations never overlap. Within a generation a slot may get a new
 * child: a replacement for a worker at its (jittered) request limit, which takes over once ready,
 * or a new start in place of one that is gone. Half a second after a worker is ready, the launcher
 * may get the slot's next start ready ahead (a standby JVM). Loop thread only.
 */
final class Slots {
  /**
   * How long after a worker is ready the launcher gets its successor ready (a standby JVM): a
   * moment for the new worker's own start-up work and first requests, which a JVM booting beside
   * it would slow down.
   */
  static final Duration PREPARE_AFTER = Duration.ofMillis(500);

  private static final long NOT_DUE = Long.MIN_VALUE;

  /** One worker position of a generation. */
  static final class Slot {
    final int index;
    Child child;
    boolean ready;
    long spawnedAt;
    Child replacement;
    long replacementAt;
    /** When to let the launcher get this slot's next start ready (a standby JVM); NOT_DUE: not planned. */
    long prepareAt = NOT_DUE;
    /** New processes in this slot within its generation (replacements, recycles). */
    int restarts;

    Slot(int index) {
      this.index = index;
    }
  }

  private final RunnerConfig config;
  private final Child.Launcher launcher;
  private final Optional<Front> front;
  private final Console console;
  private final Supervisor.Clock clock;
  private final IntUnaryOperator random;
  private final Talks talks;
  private final Stopper stopper;
  private final ReloadLine line;
  private final Ending ending;
  private final Supplier<ReloadEvents> events;
  private final List<Slot> slots = new ArrayList<>();
  private long generationSpawnedWall;

  /**
   * @param random given a bound n, returns a uniform value in 0..n-1 (the max-requests jitter)
   */
  Slots(RunnerConfig config, Child.Launcher launcher, Optional<Front> front, Console console, Supervisor.Clock clock,
      IntUnaryOperator random, Talks talks, Stopper stopper, ReloadLine line, Ending ending,
      Supplier<ReloadEvents> events) {
    this.config = config;
    this.launcher = launcher;
    this.front = front;
    this.console = console;
    this.clock = clock;
    this.random = random;
    this.talks = talks;
    this.stopper = stopper;
    this.line = line;
    this.ending = ending;
    this.events = events;
    for (int i = 0; i < config.workers(); i++) {
      slots.add(new Slot(i));
    }
  }

  List<Slot> all() {
    return Collections.unmodifiableList(slots);
  }

  /** One child per slot; {@code lineStart} begins the reload line (see {@link ReloadLine#spawned}). */
  void startGeneration(String lineStart) {
    List<Child> started = new ArrayList<>();
    for (Slot s : slots) {
      try {
        s.child = launcher.start(s.index);
        s.ready = false;
        s.restarts = 0;
        s.spawnedAt = clock.nanoTime();
        started.add(s.child);
      } catch (IOException e) {
        console.error("cannot start " + Supervisor.summary(config.command()) + ": " + e.getMessage()
            + (config.reload() ? "; waiting for a change" : ""));
        events.get().crashed(0, -1, "cannot start " + Supervisor.summary(config.command()) + ": " + e.getMessage());
        stopGeneration("start failed");
        if (!config.reload()) {
          ending.exitWith(127);
        }
        return;
      }
    }
    generationSpawnedWall = clock.wallMillis();
    long spawned = clock.nanoTime();
    events.get().generationStarted(started.stream().map(Child::pid).toList());
    line.spawned(spawned, lineStart, Supervisor.summary(config.command()), started);
  }

  /** Wall time of the last generation's spawn: a file older than that is already loaded by it. */
  long generationSpawnedWall() {
    return generationSpawnedWall;
  }

  /** Takes the whole generation out of the proxy, lets requests finish, stops every tree at once. */
  void stopGeneration(String why) {
    List<Child> all = new ArrayList<>();
    for (Slot s : slots) {
      if (s.child != null) {
        all.add(s.child);
      }
      if (s.replacement != null) {
        all.add(s.replacement);
      }
      s.child = null;
      s.replacement = null;
      s.ready = false;
    }
    if (!all.isEmpty()) {
      stopper.stop(all, why);
    }
  }

  private void planPrepare(Slot s) {
    if (config.reload() && config.jvm().standby()) {
      s.prepareAt = clock.nanoTime() + PREPARE_AFTER.toNanos();
    }
  }

  /** Lets the launcher prepare the next start of slots whose worker has been ready a while. */
  void prepareDue(long now, boolean building) {
    for (Slot s : slots) {
      if (s.prepareAt != NOT_DUE && now - s.prepareAt >= 0) {
        if (building) { // a build may be replacing the class directories a JVM started now would see
          s.prepareAt = now + PREPARE_AFTER.toNanos();
          continue;
        }
        s.prepareAt = NOT_DUE;
        if (s.child != null && s.ready && !ending.begun()) {
          launcher.prepare(s.index);
        }
      }
    }
  }

  OptionalLong prepareDeadline() {
    OptionalLong due = OptionalLong.empty();
    for (Slot s : slots) {
      if (s.prepareAt != NOT_DUE) {
        due = Deadlines.earliest(due, OptionalLong.of(s.prepareAt));
      }
    }
    return due;
  }

  void ready(long pid) {
    for (Slot s : slots) {
      if (s.child != null && s.child.pid() == pid && !s.ready) {
        s.ready = true;
        planPrepare(s);
        front.ifPresent(f -> f.route(pid, s.child.port(), requestLimit()));
        if (line.pending() && slots.stream().allMatch(x -> x.ready)) {
          long now = clock.nanoTime();
          String said = slots.stream().map(x -> x.child == null ? null : talks.status(x.child.pid()))
              .filter(Objects::nonNull).findFirst().map(st -> " (" + st + ")").orElse("");
          line.ready(now, said, running().stream().map(Child::pid).toList());
        }
        return;
      }
      if (s.replacement != null && s.replacement.pid() == pid) {
        Child old = s.child;
        Child fresh = s.replacement;
        s.child = fresh;
        s.ready = true;
        planPrepare(s);
        s.spawnedAt = s.replacementAt;
        s.replacement = null;
        s.restarts++;
        front.ifPresent(f -> f.route(pid, fresh.port(), requestLimit()));
        if (old == null) { // the one it replaces exited meanwhile: nothing left to drain
          console.info("worker " + s.index + ": pid " + pid + " took over");
          return;
        }
        int served = front.map(f -> f.served(old.pid())).orElse(0);
        stopper.stop(List.of(old), "recycled");
        console.info("worker " + s.index + " recycled after " + served + " requests (pid " + old.pid() + " -> "
            + pid + ")");
        return;
      }
    }
  }

  /** N + random(0..J), saturating: any counts the command line accepts must not overflow here. */
  private int requestLimit() {
    if (config.maxRequests() == 0) {
      return 0;
    }
    int jitter = config.maxRequestsJitter();
    long extra = jitter == 0 ? 0 : random.applyAsInt(jitter == Integer.MAX_VALUE ? jitter : jitter + 1);
    return (int) Math.min(Integer.MAX_VALUE, config.maxRequests() + extra);
  }

  /** The worker reached its request limit: a replacement starts in its slot and takes over once ready. */
  void requestLimitReached(long pid) {
    for (Slot s : slots) {
      if (s.child != null && s.child.pid() == pid && s.replacement == null && !ending.begun()) {
        try {
          s.replacement = launcher.start(s.index);
          s.replacementAt = clock.nanoTime();
          console.debug("worker " + s.index + " (pid " + pid + ") reached its request limit; starting pid "
              + s.replacement.pid() + " to replace it");
        } catch (IOException e) {
          console.error("cannot start a replacement for worker " + s.index + ": " + e.getMessage());
          abandonReplacement(s);
        }
        return;
      }
    }
  }

  /**
   * The slot's replacement is gone (failed, exited, silent, late): the worker it was to replace,
   * which stopped taking requests at its limit, goes back into rotation without a limit.
   */
  void abandonReplacement(Slot s) {
    s.replacement = null;
    Child keep = s.child;
    if (keep != null) {
      front.ifPresent(f -> f.route(keep.pid(), keep.port(), 0));
    }
  }

  /** A new child in the slot of one that is gone (a generation keeps its size). */
  void startInPlaceOf(Slot s, Child c) {
    s.child = null;
    s.ready = false;
    if (ending.begun()) {
      return;
    }
    try {
      s.child = launcher.start(s.index);
      s.spawnedAt = clock.nanoTime();
      s.restarts++;
      console.info("started pid " + s.child.pid() + " in place of " + c.pid());
    } catch (IOException e) {
      console.error("cannot start a replacement for " + who(c) + ": " + e.getMessage() + "; waiting for a change");
    }
  }

  /** Whether every slot has a ready child and none is being replaced: nothing of the generation is in flux. */
  boolean settled() {
    return slots.stream().allMatch(s -> s.child != null && s.ready && s.replacement == null) && !line.pending();
  }

  /** Whether the pid is a child or a replacement of the current generation. */
  boolean current(long pid) {
    return slots.stream().anyMatch(s -> s.child != null && s.child.pid() == pid
        || s.replacement != null && s.replacement.pid() == pid);
  }

  List<Child> running() {
    List<Child> all = new ArrayList<>();
    for (Slot s : slots) {
      if (s.child != null) {
        all.add(s.child);
      }
    }
    return all;
  }

  String who(Child c) {
    return slots.size() > 1 ? "worker " + c.index() + " (pid " + c.pid() + ")" : "pid " + c.pid();
  }

  List<ReloadEvents.Worker> views() {
    List<ReloadEvents.Worker> all = new ArrayList<>();
    for (Slot s : slots) {
      String status = s.child == null ? null : talks.status(s.child.pid());
      all.add(new ReloadEvents.Worker(s.index, s.child == null ? 0 : s.child.pid(),
          s.child == null ? 0 : s.child.port(), s.child != null && s.ready, status,
          s.child == null ? "" : launcher.prepared(s.index), s.restarts));
    }
    return all;
  }

  /** One status line per worker: pid, port, readiness, what it said, requests, what is prepared. */
  void describe(StringBuilder b) {
    for (Slot s : slots) {
      b.append("worker ").append(s.index).append(": ");
      if (s.child == null) {
        b.append("not running\n");
      } else {
        b.append("pid ").append(s.child.pid()).append(", internal port ").append(s.child.port())
            .append(s.ready ? ", ready" : ", starting");
        String status = talks.status(s.child.pid());
        if (status != null) {
          b.append(", status: ").append(status);
        }
        front.ifPresent(f -> b.append(", ").append(f.served(s.child.pid())).append(" requests"));
        String next = launcher.prepared(s.index);
        if (!next.isEmpty()) {
          b.append("; next: ").append(next);
        }
        b.append('\n');
      }
    }
  }
}
