package dev.runner.supervise;

import dev.runner.build.BuildStep;
import dev.runner.build.Builds;
import dev.runner.config.Durations;
import dev.runner.config.RunnerConfig;
import dev.runner.notify.Watchdog;
import dev.runner.process.ProcessTree.StopReport;
import dev.runner.watch.ChangeSet;
import dev.runner.watch.Debouncer;
import dev.runner.watch.PathFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

/**
 * The one place where supervision state lives, driven by one thread.
 *
 * <h2>Theory of operation</h2>
 * Start a generation: one child per worker slot. Then, for each event: file events go into the
 * {@link Debouncer}; when it releases a batch, a batch that touches sources runs the build first
 * (a failed build keeps the current generation and says why), and anything else restarts right
 * away. A restart first takes the old workers out of the front proxy (new requests are held
 * there), lets in-flight requests finish (bounded by {@code --grace}), then stops every process
 * tree of the old generation at once and joins them (SIGTERM, grace, SIGKILL, a bounded wait);
 * only then is the next generation spawned, so two generations never overlap and ports are free.
 * A worker that reaches its request limit gets a replacement in its slot; once that is ready the
 * old one is drained and stopped (same generation, so the invariant holds). A child that exits on
 * its own ends the runner with its status when reloading is off, and otherwise is reported and
 * left alone until the next change, so a crashing app does not spin; a worker behind the proxy
 * that was killed from outside (SIGKILL, SIGTERM) is started again in its slot at once. One that
 * is not ready within {@code --timeout-start} is reported and stopped. A shutdown stops
 * everything and ends the loop with 128 + signal.
 *
 * <p>Every other thread (watcher, build, readiness probes, proxy, signal handlers, stdin) only
 * {@link #post posts} events; {@link #handle} and {@link #tick} are also called directly by tests,
 * with a fake clock and fake children, to check the state machine without processes.
 */
public final class Supervisor {
  /** Monotonic time for deadlines, wall time only to compare with file modification times. */
  public interface Clock {
    long nanoTime();

    long wallMillis();

    /** Lets time pass (only to give a thread dump a moment to be written). */
    default void pause(java.time.Duration d) {
      java.util.concurrent.locks.LockSupport.parkNanos(d.toNanos());
    }
  }

  /** What a child has said over its notify socket. */
  private static final class Talk {
    final Watchdog watchdog;
    String status;
    boolean spoke;
    boolean readySent;
    long portOpenAt = Long.MIN_VALUE;

    Talk(java.time.Duration timeout) {
      this.watchdog = new Watchdog(timeout);
    }
  }

  /** How long a child that speaks the notify protocol may take to say READY=1 once its port is open. */
  static final java.time.Duration READY_AFTER_PORT = java.time.Duration.ofSeconds(2);

  /**
   * Exit statuses of a worker killed by SIGKILL or SIGTERM that the runner did not send (the
   * runner takes a child out of its slot before it stops it): the OOM killer, a user's kill, a
   * chaos test. Behind the proxy such a worker, if it had been ready, is replaced at once: the kill says nothing
   * about the app and requests are waiting; a worker that exits on its own (or crashes, e.g.
   * SIGSEGV/SIGABRT) still waits for a change, so a crashing app does not spin.
   */
  static final java.util.Set<Integer> KILLED_FROM_OUTSIDE = java.util.Set.of(128 + 9, 128 + 15);

  /** How long a thread dump is given to reach the output before the tree is stopped. */
  static final java.time.Duration DUMP_PAUSE = java.time.Duration.ofMillis(500);

  /**
   * A change to a file older than the running child by this much is already loaded by it. File
   * times come from the kernel's coarse clock, which may lag the real one by a tick (1-10 ms); a
   * file written just after the spawn must never look older than it.
   */
  static final long MTIME_MARGIN_MS = 15;

  /**
   * How long after a worker is ready the launcher gets its successor ready (a standby JVM): a
   * moment for the new worker's own start-up work and first requests, which a JVM booting beside
   * it would slow down.
   */
  static final java.time.Duration PREPARE_AFTER = java.time.Duration.ofMillis(500);

  private static final long NOT_DUE = Long.MIN_VALUE;

  /** The quiet period while a batch holds a single file (see {@link Debouncer}). */
  static final java.time.Duration SINGLE_FILE_QUIET = java.time.Duration.ofMillis(20);

  private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** One worker position of a generation. */
  private static final class Slot {
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
  private final Optional<Builds> builds;
  private final Optional<Front> front;
  private final Console console;
  private final Clock clock;
  private final Function<Path, OptionalLong> mtime;
  private final IntUnaryOperator random;
  private final Debouncer debouncer;
  /** Why a changed file needs no restart (see {@code dev.runner.apps.NoRestart}), or empty. */
  private Function<Path, Optional<String>> noRestart = p -> Optional.empty();
  private final List<Slot> slots = new ArrayList<>();
  private final java.util.Map<Long, Talk> talk = new java.util.HashMap<>();
  private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

  private long generationSpawnedWall;
  private long restartBegan;
  private String reloadLine;
  private final Phases phases = new Phases();
  private String lastReload = "none yet";

  private long buildId;
  private boolean building;
  private ChangeSet buildingFor;
  private ChangeSet queuedForBuild;

  private volatile String snapshot = "starting\n";
  private ReloadEvents events = ReloadEvents.NONE;
  private volatile boolean forceStop;
  /** The signal that set {@link #forceStop} (a second SIGINT or SIGTERM), to name it in the stop's line. */
  private volatile int forcedBy;
  /** Children that said EXITING=1: their shutdown hooks are done, so a stop need not wait for them. */
  private final Set<Long> exiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean shutdownRequested;
  private Integer exitStatus;

  /**
   * @param random given a bound n, returns a uniform value in 0..n-1 (the max-requests jitter)
   */
  public Supervisor(RunnerConfig config, Child.Launcher launcher, Optional<Builds> builds, Optional<Front> front,
      Console console, Clock clock, Function<Path, OptionalLong> mtime, IntUnaryOperator random) {
    this.config = config;
    this.launcher = launcher;
    this.builds = builds;
    this.front = front;
    this.console = console;
    this.clock = clock;
    this.mtime = mtime;
    this.random = random;
    this.debouncer = new Debouncer(config.debounce(), min(config.debounce(), SINGLE_FILE_QUIET), config.debounceMax(),
        // a vanished file counts as one of a burst unless it looks temporary: a compiler that deletes
        // its outputs before writing them again (Foo$1.class, gone for now) is still mid-burst
        p -> mtime.apply(p).isPresent() || p.toString().endsWith(".class") || isSource(p));
    for (int i = 0; i < config.workers(); i++) {
      slots.add(new Slot(i));
    }
  }

  /** Changed files for which this says why are served as they are, without a restart; set before {@link #run}. */
  void noRestart(Function<Path, Optional<String>> why) {
    this.noRestart = why;
  }

  /** Who hears of reloads as they happen (the control surface); set before {@link #run}. */
  public void events(ReloadEvents listener) {
    this.events = listener;
  }

  /** Thread-safe: the only way other threads talk to the supervisor. */
  public void post(Event event) {
    if (event instanceof Event.Notified n && n.key().equals("EXITING") && n.value().equals("1")) {
      exiting.add(n.pid()); // read by a stop already under way on the loop thread
    }
    if (event instanceof Event.Shutdown) {
      if (shutdownRequested) {
        forcedBy = ((Event.Shutdown) event).signal();
        forceStop = true; // a second Ctrl-C: stop waiting for the grace period
      }
      shutdownRequested = true;
    }
    queue.add(event);
  }

  /** Runs the loop until the runner should exit; returns the exit status. */
  public int run() throws InterruptedException {
    try {
      startFirst();
      while (exitStatus == null) {
        OptionalLong due = nextDeadline();
        Event e = due.isPresent()
            ? queue.poll(Math.max(0, due.getAsLong() - clock.nanoTime()), TimeUnit.NANOSECONDS)
            : queue.take();
        if (e != null) {
          handle(e);
        }
        tick();
        if (!(e instanceof Event.FileChanged)) { // a file event alone changes nothing the status shows
          snapshot = statusText();
        }
        events.workers(workerViews(), debouncer.deadline().isPresent());
      }
      return exitStatus;
    } finally {
      stopGeneration("exit");
      launcher.discardPrepared();
      builds.ifPresent(Builds::cancel);
    }
  }

  /** The exit status once the loop should end, else null. */
  public Integer exitStatus() {
    return exitStatus;
  }

  /** With a build step, builds before the first start: sources may have changed while nobody watched. */
  public void startFirst() {
    restartBegan = clock.nanoTime();
    if (builds.isPresent()) {
      startBuild(ChangeSet.all(), "building before the first start");
    } else {
      startGeneration("started");
    }
  }

  public void handle(Event event) {
    if (event instanceof Event.FileChanged e) {
      console.debug("change: " + relative(e.path()));
      debouncer.add(e.path(), clock.nanoTime());
    } else if (event instanceof Event.LostTrack e) {
      console.debug(e.why() + "; treating everything as changed");
      debouncer.addEverything(clock.nanoTime());
    } else if (event instanceof Event.BuildFinished e) {
      onBuildFinished(e);
    } else if (event instanceof Event.ChildReady e) {
      Talk t = talk.get(e.pid());
      if (t == null || !t.spoke || t.readySent) {
        onReady(e.pid());
      } else {
        // it speaks the notify protocol: give READY=1 a moment to come, then trust the open port
        t.portOpenAt = clock.nanoTime();
      }
    } else if (event instanceof Event.Notified e) {
      onNotified(e);
    } else if (event instanceof Event.ChildExited e) {
      onExited(e.pid(), e.status());
    } else if (event instanceof Event.RequestLimit e) {
      onRequestLimit(e.pid());
    } else if (event instanceof Event.ManualRestart e) {
      events.manualRestart(e.why());
      restart(e.why());
    } else if (event instanceof Event.Shutdown e) {
      console.info("stopping (" + (e.why() != null ? e.why() : signalName(e.signal())) + ")");
      builds.ifPresent(Builds::cancel);
      stopGeneration("shutdown");
      launcher.discardPrepared();
      exitStatus = 128 + e.signal();
    } else {
      throw new AssertionError("unhandled event " + event);
    }
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 1 -> "SIGHUP";
      case 2 -> "SIGINT";
      case 15 -> "SIGTERM";
      default -> "signal " + signal;
    };
  }

  private void onNotified(Event.Notified e) {
    if (!current(e.pid())) {
      return;
    }
    Talk t = talk.computeIfAbsent(e.pid(), pid -> new Talk(config.timeoutNotify()));
    t.spoke = true;
    switch (e.key()) {
      case "READY" -> {
        if (e.value().equals("1")) {
          t.readySent = true;
          onReady(e.pid());
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
  }

  private boolean current(long pid) {
    return slots.stream().anyMatch(s -> s.child != null && s.child.pid() == pid
        || s.replacement != null && s.replacement.pid() == pid);
  }

  /** Acts on whatever is due: a debounced batch, a late child, a silent watchdog. */
  public void tick() {
    long now = clock.nanoTime();
    debouncer.poll(now).ifPresent(this::onBatch);
    for (Slot s : slots) {
      if (s.prepareAt != NOT_DUE && now - s.prepareAt >= 0) {
        if (building) { // a build may be replacing the class directories a JVM started now would see
          s.prepareAt = now + PREPARE_AFTER.toNanos();
          continue;
        }
        s.prepareAt = NOT_DUE;
        if (s.child != null && s.ready && !shutdownRequested && exitStatus == null) {
          launcher.prepare(s.index);
        }
      }
    }
    for (Slot s : slots) {
      for (Child c : new Child[] {s.child, s.replacement}) {
        Talk t = c == null ? null : talk.get(c.pid());
        if (t != null && t.portOpenAt != Long.MIN_VALUE && !t.readySent
            && now - t.portOpenAt - READY_AFTER_PORT.toNanos() >= 0) {
          t.portOpenAt = Long.MIN_VALUE;
          console.debug("pid " + c.pid() + " speaks the notify protocol but sent no READY=1; its port is open");
          onReady(c.pid());
        }
        if (t != null && t.watchdog.expired(now)) {
          noHeartbeat(s, c, t, now);
        }
      }
    }
    if (config.timeoutStart().isZero()) {
      return;
    }
    long limit = config.timeoutStart().toNanos();
    for (Slot s : slots) {
      if (s.child != null && !s.ready && now - s.spawnedAt - limit >= 0) {
        startTimedOut(s, s.child);
        s.child = null;
      }
      if (s.replacement != null && now - s.replacementAt - limit >= 0) {
        startTimedOut(s, s.replacement);
        abandonReplacement(s);
      }
    }
  }

  /** When {@link #tick} next has something to do. */
  public OptionalLong nextDeadline() {
    OptionalLong due = earliest(debouncer.deadline(), startDeadline());
    for (Slot s : slots) {
      if (s.prepareAt != NOT_DUE) {
        due = earliest(due, OptionalLong.of(s.prepareAt));
      }
    }
    for (Talk t : talk.values()) {
      due = earliest(due, t.watchdog.deadline());
      if (t.portOpenAt != Long.MIN_VALUE && !t.readySent) {
        due = earliest(due, OptionalLong.of(t.portOpenAt + READY_AFTER_PORT.toNanos()));
      }
    }
    return due;
  }

  private static OptionalLong earliest(OptionalLong a, OptionalLong b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.getAsLong() - b.getAsLong() <= 0 ? a : b;
  }

  private void noHeartbeat(Slot s, Child c, Talk t, long now) {
    console.error(who(c) + ": no heartbeat for " + String.format(java.util.Locale.ROOT, "%.1f",
        t.watchdog.silentFor(now).toMillis() / 1000.0) + " s"
        + (t.status != null ? "; last STATUS: " + t.status : "")
        + "; asking for a thread dump (SIGQUIT), then replacing it");
    launcher.requestThreadDump(c);
    clock.pause(DUMP_PAUSE);
    stop(List.of(c), "no heartbeat");
    if (s.replacement == c) {
      abandonReplacement(s);
      return;
    }
    startInPlaceOf(s, c);
  }

  /** A new child in the slot of one that is gone (a generation keeps its size). */
  private void startInPlaceOf(Slot s, Child c) {
    s.child = null;
    s.ready = false;
    if (shutdownRequested || exitStatus != null) {
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

  private OptionalLong startDeadline() {
    if (config.timeoutStart().isZero()) {
      return OptionalLong.empty();
    }
    OptionalLong due = OptionalLong.empty();
    for (Slot s : slots) {
      if (s.child != null && !s.ready) {
        due = earliest(due, OptionalLong.of(s.spawnedAt + config.timeoutStart().toNanos()));
      }
      if (s.replacement != null) {
        due = earliest(due, OptionalLong.of(s.replacementAt + config.timeoutStart().toNanos()));
      }
    }
    return due;
  }

  private void startTimedOut(Slot s, Child c) {
    console.error(who(c) + " was not ready within --timeout-start " + Durations.format(config.timeoutStart())
        + (!c.notReadyWhy().isEmpty() ? " (" + c.notReadyWhy() + ")"
            : c.port() > 0 ? " (nothing accepted connections on its PORT=" + c.port() + ")" : "")
        + "; stopping it" + (config.reload() ? " and waiting for a change" : ""));
    stop(List.of(c), "not ready");
    if (s.replacement != c) {
      events.crashed(c.pid(), -1, "not ready within --timeout-start " + Durations.format(config.timeoutStart()));
    }
    if (!config.reload() && s.replacement == null) {
      exitStatus = 1;
    }
  }

  private void onBatch(ChangeSet changes) {
    if (!config.reload() || exitStatus != null) {
      return;
    }
    boolean needsBuild = builds.isPresent() && (changes.everything() || changes.paths().stream()
        .anyMatch(p -> isSource(p) || builds.get().needs(p)));
    if (building) {
      // class files written by the running build are covered by the restart that follows it
      if (needsBuild) {
        queuedForBuild = queuedForBuild == null ? changes : queuedForBuild.plus(changes);
      } else {
        buildingFor = buildingFor.plus(changes);
      }
      return;
    }
    if (!needsBuild && servedAsIs(changes)) {
      return;
    }
    if (!needsBuild && alreadyLoaded(changes)) {
      console.debug(changes.describe(config.workDir(), this::exists) + ": already loaded, no restart");
      return;
    }
    phases.begin(debouncer.releasedFirstAt(), clock.nanoTime()); // only a batch that leads somewhere is timed
    events.changed(List.copyOf(changes.paths()), changes.everything());
    if (needsBuild) {
      startBuild(changes);
    } else {
      restart(changes.describe(config.workDir(), this::exists));
    }
  }

  /**
   * True when the running generation sees every changed file as it is now (static files and
   * templates below a resource root on its class path): open pages reload, nothing restarts.
   */
  private boolean servedAsIs(ChangeSet changes) {
    if (running().isEmpty() || changes.everything() || changes.paths().isEmpty()
        || !changes.paths().stream().allMatch(p -> noRestart.apply(p).isPresent())) {
      return false;
    }
    String what = changes.describe(config.workDir(), this::exists);
    console.info(what + "; no restart, " + pids(running()) + " serves it as it is");
    changes.paths().forEach(p -> console.debug("no restart for " + relative(p) + ": " + noRestart.apply(p).get()));
    events.servedAsIs(List.copyOf(changes.paths()));
    return true;
  }

  /** True when every changed file is older than the running generation, which therefore read it. */
  private boolean alreadyLoaded(ChangeSet changes) {
    if (running().isEmpty() || changes.everything() || changes.paths().isEmpty()) {
      return false;
    }
    for (Path p : changes.paths()) {
      OptionalLong m = mtime.apply(p);
      if (m.isEmpty() || m.getAsLong() >= generationSpawnedWall - MTIME_MARGIN_MS) {
        return false;
      }
    }
    return true;
  }

  /** Whether a changed file needs the build; globs with '/' are matched below the watched root. */
  private boolean isSource(Path p) {
    Path relative = config.watch().stream().filter(p::startsWith).findFirst().map(r -> r.relativize(p)).orElse(p);
    return PathFilter.matchesAny(config.sources(), relative);
  }

  private boolean exists(Path p) {
    return mtime.apply(p).isPresent();
  }

  private ChangeSet sourcesOf(ChangeSet changes) {
    ChangeSet sources = changes.only(this::isSource);
    return sources.paths().isEmpty() ? changes : sources;
  }

  private void startBuild(ChangeSet changes) {
    startBuild(changes, sourcesOf(changes).describe(config.workDir(), this::exists) + "; building");
  }

  private void startBuild(ChangeSet changes, String label) {
    Builds b = builds.orElseThrow();
    building = true;
    buildingFor = changes;
    phases.buildStarted(clock.nanoTime());
    console.info(label + ": " + b.command());
    events.buildStarted();
    try {
      b.start(++buildId, changes);
    } catch (IOException e) {
      building = false;
      console.error("cannot run the build command (" + b.command() + "): " + e.getMessage());
      events.buildFinished(false, 127, "cannot run the build command (" + b.command() + "): " + e.getMessage(), 0);
    }
  }

  private void onBuildFinished(Event.BuildFinished e) {
    if (e.buildId() != buildId || !building) {
      return;
    }
    building = false;
    phases.buildEnded(clock.nanoTime());
    BuildStep.Result r = e.result();
    if (queuedForBuild != null) {
      ChangeSet next = buildingFor.plus(queuedForBuild);
      queuedForBuild = null;
      startBuild(next); // sources changed during the build: its result is already stale
      return;
    }
    events.buildFinished(r.ok(), r.exitCode(), r.output(), r.millis());
    if (r.ok()) {
      console.debug("build ok in " + r.millis() + " ms");
      if (!buildingFor.everything() && buildingFor.paths().stream().noneMatch(this::isSource)
          && servedAsIs(buildingFor)) {
        return; // resources the build copied (templates, static files): the running app reads the copies
      }
      restart(sourcesOf(buildingFor).describe(config.workDir(), this::exists));
    } else {
      console.error("build failed (exit " + r.exitCode() + ", " + r.millis() + " ms): " + builds.get().command());
      console.block(r.output());
      if (!config.reload()) {
        exitStatus = r.exitCode();
        return;
      }
      List<Child> running = running();
      console.info(!running.isEmpty()
          ? pids(running) + " keeps running the previous version; fix the error and save to retry"
          : "no child is running; fix the error and save to retry");
    }
  }

  private void restart(String why) {
    if (shutdownRequested || exitStatus != null) {
      return;
    }
    restartBegan = clock.nanoTime();
    events.restartStarted();
    if (!phases.open()) {
      phases.begin(restartBegan, restartBegan); // a manual restart: nothing to detect or debounce
    }
    List<Child> old = running();
    phases.stopStarted(clock.nanoTime());
    stopGeneration("restart");
    phases.stopEnded(clock.nanoTime());
    if (shutdownRequested) {
      return;
    }
    startGeneration(old.isEmpty() ? "started" : why + "; restarting (" + pids(old) + " -> ");
  }

  private void startGeneration(String lineStart) {
    List<Child> started = new ArrayList<>();
    for (Slot s : slots) {
      try {
        s.child = launcher.start(s.index);
        s.ready = false;
        s.restarts = 0;
        s.spawnedAt = clock.nanoTime();
        started.add(s.child);
      } catch (IOException e) {
        console.error("cannot start " + summary(config.command()) + ": " + e.getMessage()
            + (config.reload() ? "; waiting for a change" : ""));
        events.crashed(0, -1, "cannot start " + summary(config.command()) + ": " + e.getMessage());
        stopGeneration("start failed");
        if (!config.reload()) {
          exitStatus = 127;
        }
        return;
      }
    }
    generationSpawnedWall = clock.wallMillis();
    phases.spawned(clock.nanoTime());
    events.generationStarted(started.stream().map(Child::pid).toList());
    reloadLine = lineStart.equals("started")
        ? "started " + summary(config.command()) + " (" + pids(started) + ")"
        : lineStart + pids(started).replaceFirst("^pids? ", "") + ")";
    console.debug(reloadLine);
  }

  private void planPrepare(Slot s) {
    if (config.reload() && config.jvm().standby()) {
      s.prepareAt = clock.nanoTime() + PREPARE_AFTER.toNanos();
    }
  }

  private void onReady(long pid) {
    for (Slot s : slots) {
      if (s.child != null && s.child.pid() == pid && !s.ready) {
        s.ready = true;
        planPrepare(s);
        front.ifPresent(f -> f.route(pid, s.child.port(), requestLimit()));
        if (reloadLine != null && slots.stream().allMatch(x -> x.ready)) {
          long now = clock.nanoTime();
          // one number per reload, the one a user feels: from the change (or rs) to ready; the
          // phases that make it up are the -v line's
          long ms = TimeUnit.NANOSECONDS.toMillis(now - (phases.open() ? phases.began() : restartBegan));
          String said = slots.stream().map(x -> x.child == null ? null : talk.get(x.child.pid()))
              .filter(t -> t != null && t.status != null).map(t -> t.status).findFirst().map(st -> " (" + st + ")")
              .orElse("");
          console.reload(reloadLine + " ... ready in " + ms + " ms" + said);
          String breakdown = phases.ready(now);
          events.ready(running().stream().map(Child::pid).toList(), ms, phases.takeTimes());
          lastReload = reloadLine + " ... ready in " + ms + " ms" + (breakdown.isEmpty() ? "" : "\n  " + breakdown);
          if (!breakdown.isEmpty()) {
            console.debug(breakdown);
          }
          reloadLine = null;
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
        stop(List.of(old), "recycled");
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

  private void onRequestLimit(long pid) {
    for (Slot s : slots) {
      if (s.child != null && s.child.pid() == pid && s.replacement == null && !shutdownRequested && exitStatus == null) {
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
  private void abandonReplacement(Slot s) {
    s.replacement = null;
    Child keep = s.child;
    if (keep != null) {
      front.ifPresent(f -> f.route(keep.pid(), keep.port(), 0));
    }
  }

  private void onExited(long pid, int status) {
    for (Slot s : slots) {
      if (s.replacement != null && s.replacement.pid() == pid) {
        stop(List.of(s.replacement), "exited");
        console.error("the replacement for worker " + s.index + " (pid " + pid + ") exited with status " + status
            + (s.child != null ? "; pid " + s.child.pid() + " keeps serving" : "; waiting for a change"));
        abandonReplacement(s);
        return;
      }
      if (s.child != null && s.child.pid() == pid) {
        Child exited = s.child;
        boolean wasReady = s.ready;
        s.child = null;
        StopReport rest = stop(List.of(exited), "exited"); // whatever it left behind
        if (!config.reload()) {
          stopGeneration("a worker exited");
          exitStatus = status;
          if (status != 0) {
            console.info(who(exited) + " exited with status " + status);
          }
          return;
        }
        String leftovers = rest.terminated() > 0 ? " (stopped " + rest.terminated() + " process(es) it left behind)" : "";
        // only one that had been serving: a worker killed while starting (the OOM killer, again
        // and again) would otherwise be restarted in a loop
        if (front.isPresent() && wasReady && KILLED_FROM_OUTSIDE.contains(status)) {
          if (s.replacement != null) { // a recycle was under way: its replacement simply takes over
            console.info(who(exited) + " was killed (status " + status + ")" + leftovers);
            return;
          }
          console.info(who(exited) + " was killed (status " + status + ")" + leftovers + "; replacing it");
          startInPlaceOf(s, exited);
          return;
        }
        console.info(who(exited) + " exited with status " + status + (wasReady ? "" : " before it was ready")
            + leftovers + "; waiting for a change to restart (or type rs / send SIGHUP)");
        if (!wasReady && status != 0 && front.isPresent()) {
          console.info("if it failed to bind port " + config.port().getAsInt() + ": that is the runner's, which proxies"
              + " to the port in PORT; have the app read PORT (or SERVER_PORT, QUARKUS_HTTP_PORT,"
              + " MICRONAUT_SERVER_PORT), let it bind a port of its own (the runner finds it), or pass --no-proxy");
        }
        events.crashed(pid, status, "exited with status " + status + (wasReady ? "" : " before it was ready"));
        return;
      }
    }
    // an earlier generation, already accounted for
  }

  /** Takes the whole generation out of the proxy, lets requests finish, stops every tree at once. */
  private void stopGeneration(String why) {
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
      stop(all, why);
    }
  }

  private StopReport stop(List<Child> children, String why) {
    List<Long> pids = children.stream().map(Child::pid).toList();
    front.ifPresent(f -> {
      pids.forEach(f::unroute);
      if (!f.awaitIdle(pids, config.grace(), () -> forceStop)) {
        console.info("requests still running on " + pids(children) + " after --grace; stopping anyway");
      }
    });
    // Once every child has run its shutdown hooks (EXITING=1) nothing is lost by ending the trees
    // at once, instead of waiting out the JVM's exit (≈ 300 ms while threads sit in native code).
    BooleanSupplier hooksDone = () -> exiting.containsAll(pids);
    StopReport r = launcher.stopAll(children, config.grace(), () -> forceStop || hooksDone.getAsBoolean());
    boolean early = hooksDone.getAsBoolean();
    pids.forEach(exiting::remove);
    front.ifPresent(f -> pids.forEach(f::forget));
    pids.forEach(talk::remove);
    if (early && r.killed() > 0) {
      console.debug(pids(children) + ": ended " + r.killed() + " process(es) at once after their shutdown hooks"
          + " (EXITING=1)");
    } else if (r.killed() > 0 && forceStop) {
      // not a grace period that ran out (timeout -s INT sends SIGINT twice, 0.4 s apart)
      console.info(pids(children) + ": a second " + signalName(forcedBy) + " cut the stop short; killed "
          + r.killed() + " process(es) after " + r.millis() + " ms");
    } else if (r.killed() > 0) {
      console.info(pids(children) + ": " + r.killed() + " process(es) did not stop within --grace "
          + Durations.format(config.grace()) + "; killed");
    }
    if (!r.survivors().isEmpty()) {
      console.error("processes " + r.survivors() + " survived SIGKILL (uninterruptible?); going on");
    }
    console.debug("stopped " + pids(children) + " (" + why + "): " + r.terminated() + " process(es) in "
        + r.millis() + " ms");
    return r;
  }

  private List<ReloadEvents.Worker> workerViews() {
    List<ReloadEvents.Worker> all = new ArrayList<>();
    for (Slot s : slots) {
      Talk t = s.child == null ? null : talk.get(s.child.pid());
      all.add(new ReloadEvents.Worker(s.index, s.child == null ? 0 : s.child.pid(),
          s.child == null ? 0 : s.child.port(), s.child != null && s.ready, t == null ? null : t.status,
          s.child == null ? "" : launcher.prepared(s.index), s.restarts));
    }
    return all;
  }

  /** The status as of the last event, safe to read from any thread. */
  public String statusSnapshot() {
    return snapshot;
  }

  /** What {@code /_runner/status} shows: workers, their pids and ports, the last reload's phases. */
  public String statusText() {
    StringBuilder b = new StringBuilder();
    b.append("command: ").append(summary(config.command())).append('\n');
    for (Slot s : slots) {
      b.append("worker ").append(s.index).append(": ");
      if (s.child == null) {
        b.append("not running\n");
      } else {
        b.append("pid ").append(s.child.pid()).append(", internal port ").append(s.child.port())
            .append(s.ready ? ", ready" : ", starting");
        Talk t = talk.get(s.child.pid());
        if (t != null && t.status != null) {
          b.append(", status: ").append(t.status);
        }
        front.ifPresent(f -> b.append(", ").append(f.served(s.child.pid())).append(" requests"));
        String next = launcher.prepared(s.index);
        if (!next.isEmpty()) {
          b.append("; next: ").append(next);
        }
        b.append('\n');
      }
    }
    b.append("building: ").append(building ? "yes" : "no").append('\n');
    // lets a test (or a person) tell a settled runner from one still collecting a burst of changes
    b.append("changes waiting: ").append(debouncer.deadline().isPresent() ? "yes" : "no").append('\n');
    b.append("last reload: ").append(lastReload).append('\n');
    return b.toString();
  }

  private List<Child> running() {
    List<Child> all = new ArrayList<>();
    for (Slot s : slots) {
      if (s.child != null) {
        all.add(s.child);
      }
    }
    return all;
  }

  private String who(Child c) {
    return slots.size() > 1 ? "worker " + c.index() + " (pid " + c.pid() + ")" : "pid " + c.pid();
  }

  private static String pids(List<Child> children) {
    return (children.size() == 1 ? "pid " : "pids ")
        + children.stream().map(c -> Long.toString(c.pid())).collect(Collectors.joining(", "));
  }

  /** The command as a person would name it: {@code java ... com.example.Main} for a long one. */
  static String summary(List<String> command) {
    String all = String.join(" ", command);
    if (all.length() <= 80 || command.size() < 3) {
      return all;
    }
    String first = Path.of(command.get(0)).getFileName().toString();
    return first + " ... " + command.get(command.size() - 1);
  }

  private String relative(Path p) {
    return dev.runner.watch.PathNames.show(config.workDir(), p);
  }
}
