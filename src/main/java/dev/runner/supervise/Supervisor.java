package dev.runner.supervise;

import dev.runner.build.BuildStep;
import dev.runner.config.RunnerConfig;
import dev.runner.process.ProcessTree.StopReport;
import dev.runner.watch.ChangeSet;
import dev.runner.watch.Debouncer;
import dev.runner.watch.PathFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one place where supervision state lives, driven by one thread.
 *
 * <h2>Theory of operation</h2>
 * Start the child. Then, for each event: file events go into the {@link Debouncer}; when it
 * releases a batch, a batch that touches sources runs the build first (a failed build keeps the
 * current child and says why), and anything else restarts right away. A restart stops the whole
 * old tree and joins it (bounded: SIGTERM, {@code --grace}, SIGKILL, a bounded wait) before the
 * new child is spawned, so two generations never overlap and the port is free. A child that exits
 * on its own ends the runner with its status when reloading is off, and otherwise is reported and
 * left alone until the next change, so a crashing app does not spin. A shutdown stops the tree
 * and ends the loop with 128 + signal.
 *
 * <p>Every other thread (watcher, build, readiness probes, signal handlers, stdin) only
 * {@link #post posts} events; {@link #handle} and {@link #tick} are also called directly by tests,
 * with a fake clock and fake children, to check the state machine without processes.
 */
public final class Supervisor {
  /** Monotonic time for deadlines, wall time only to compare with file modification times. */
  public interface Clock {
    long nanoTime();

    long wallMillis();
  }

  /**
   * A change to a file older than the running child by this much is already loaded by it. File
   * times come from the kernel's coarse clock, which may lag the real one by a tick (1-10 ms); a
   * file written just after the spawn must never look older than it.
   */
  static final long MTIME_MARGIN_MS = 15;

  private final RunnerConfig config;
  private final Child.Launcher launcher;
  private final Optional<Builds> builds;
  private final Console console;
  private final Clock clock;
  private final Function<Path, OptionalLong> mtime;
  private final Debouncer debouncer;
  private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

  private Child child;
  private boolean childReady;
  private long childSpawnedWall;
  private long restartBegan;
  private String reloadLine;

  private long buildId;
  private boolean building;
  private ChangeSet buildingFor;
  private ChangeSet queuedForBuild;

  private volatile boolean forceStop;
  private volatile boolean shutdownRequested;
  private Integer exitStatus;

  public Supervisor(RunnerConfig config, Child.Launcher launcher, Optional<Builds> builds,
      Console console, Clock clock, Function<Path, OptionalLong> mtime) {
    this.config = config;
    this.launcher = launcher;
    this.builds = builds;
    this.console = console;
    this.clock = clock;
    this.mtime = mtime;
    this.debouncer = new Debouncer(config.debounce(), config.debounceMax());
  }

  /** Thread-safe: the only way other threads talk to the supervisor. */
  public void post(Event event) {
    if (event instanceof Event.Shutdown) {
      if (shutdownRequested) {
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
        OptionalLong due = debouncer.deadline();
        Event e = due.isPresent()
            ? queue.poll(Math.max(0, due.getAsLong() - clock.nanoTime()), TimeUnit.NANOSECONDS)
            : queue.take();
        if (e != null) {
          handle(e);
        }
        tick();
      }
      return exitStatus;
    } finally {
      stopChild("exit");
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
      spawn(null, "started");
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
      onReady(e.pid());
    } else if (event instanceof Event.ChildExited e) {
      onExited(e.pid(), e.status());
    } else if (event instanceof Event.ManualRestart e) {
      restart(e.why());
    } else if (event instanceof Event.Shutdown e) {
      console.info("stopping (" + signalName(e.signal()) + ")");
      builds.ifPresent(Builds::cancel);
      stopChild("shutdown");
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

  /** Lets the debouncer release a due batch. */
  public void tick() {
    debouncer.poll(clock.nanoTime()).ifPresent(this::onBatch);
  }

  private void onBatch(ChangeSet changes) {
    if (!config.reload() || exitStatus != null) {
      return;
    }
    boolean needsBuild = builds.isPresent() && (changes.everything() || changes.paths().stream()
        .anyMatch(p -> PathFilter.matchesAny(config.sources(), p)));
    if (building) {
      // class files written by the running build are covered by the restart that follows it
      if (needsBuild) {
        queuedForBuild = queuedForBuild == null ? changes : queuedForBuild.plus(changes);
      } else {
        buildingFor = buildingFor.plus(changes);
      }
      return;
    }
    if (needsBuild) {
      startBuild(changes);
    } else if (alreadyLoaded(changes)) {
      console.debug(changes.describe(config.workDir(), this::exists) + ": already loaded by pid " + child.pid() + ", no restart");
    } else {
      restart(changes.describe(config.workDir(), this::exists));
    }
  }

  /** True when every changed file is older than the running child, which therefore read it. */
  private boolean alreadyLoaded(ChangeSet changes) {
    if (child == null || changes.everything() || changes.paths().isEmpty()) {
      return false;
    }
    for (Path p : changes.paths()) {
      OptionalLong m = mtime.apply(p);
      if (m.isEmpty() || m.getAsLong() >= childSpawnedWall - MTIME_MARGIN_MS) {
        return false;
      }
    }
    return true;
  }

  private void startBuild(ChangeSet changes) {
    startBuild(changes, sourcesOf(changes).describe(config.workDir(), this::exists) + "; building");
  }

  private void startBuild(ChangeSet changes, String label) {
    Builds b = builds.orElseThrow();
    building = true;
    buildingFor = changes;
    console.info(label + ": " + b.command());
    try {
      b.start(++buildId);
    } catch (IOException e) {
      building = false;
      console.error("cannot run the build command (" + b.command() + "): " + e.getMessage());
    }
  }

  private boolean exists(Path p) {
    return mtime.apply(p).isPresent();
  }

  private ChangeSet sourcesOf(ChangeSet changes) {
    ChangeSet sources = changes.only(p -> PathFilter.matchesAny(config.sources(), p));
    return sources.paths().isEmpty() ? changes : sources;
  }

  private void onBuildFinished(Event.BuildFinished e) {
    if (e.buildId() != buildId || !building) {
      return;
    }
    building = false;
    BuildStep.Result r = e.result();
    if (queuedForBuild != null) {
      ChangeSet next = buildingFor.plus(queuedForBuild);
      queuedForBuild = null;
      startBuild(next); // sources changed during the build: its result is already stale
      return;
    }
    if (r.ok()) {
      console.debug("build ok in " + r.millis() + " ms");
      restart(sourcesOf(buildingFor).describe(config.workDir(), this::exists));
    } else {
      console.error("build failed (exit " + r.exitCode() + ", " + r.millis() + " ms): " + builds.get().command());
      console.block(r.output());
      if (!config.reload()) {
        exitStatus = r.exitCode();
        return;
      }
      console.info(child != null
          ? "pid " + child.pid() + " keeps running the previous version; fix the error and save to retry"
          : "no child is running; fix the error and save to retry");
    }
  }

  private void restart(String why) {
    if (shutdownRequested || exitStatus != null) {
      return;
    }
    restartBegan = clock.nanoTime();
    Long oldPid = child == null ? null : child.pid();
    stopChild("restart");
    if (shutdownRequested) {
      return;
    }
    spawn(oldPid, why);
  }

  private void spawn(Long oldPid, String why) {
    try {
      child = launcher.start();
    } catch (IOException e) {
      child = null;
      console.error("cannot start " + summary(config.command()) + ": " + e.getMessage()
          + (config.reload() ? "; waiting for a change" : ""));
      if (!config.reload()) {
        exitStatus = 127;
      }
      return;
    }
    childReady = false;
    childSpawnedWall = clock.wallMillis();
    reloadLine = oldPid == null
        ? "started " + summary(config.command()) + " (pid " + child.pid() + ")"
        : why + "; restarting (pid " + oldPid + " -> " + child.pid() + ")";
    console.debug(reloadLine);
  }

  private void onReady(long pid) {
    if (child == null || child.pid() != pid || childReady) {
      return;
    }
    childReady = true;
    long ms = TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - restartBegan);
    console.reload(reloadLine + " ... ready in " + ms + " ms");
  }

  private void onExited(long pid, int status) {
    if (child == null || child.pid() != pid) {
      return; // an earlier generation, already accounted for
    }
    Child exited = child;
    child = null;
    StopReport rest = exited.stop(config.grace(), () -> forceStop); // whatever it left behind
    if (!config.reload()) {
      exitStatus = status;
      if (status != 0) {
        console.info("pid " + pid + " exited with status " + status);
      }
      return;
    }
    String leftovers = rest.terminated() > 0 ? " (stopped " + rest.terminated() + " process(es) it left behind)" : "";
    console.info("pid " + pid + " exited with status " + status + (childReady ? "" : " before it was ready")
        + leftovers
        + "; waiting for a change to restart (or type rs / send SIGHUP)");
  }

  private void stopChild(String why) {
    if (child == null) {
      return;
    }
    Child old = child;
    child = null;
    StopReport r = old.stop(config.grace(), () -> forceStop);
    if (r.killed() > 0) {
      console.info("pid " + old.pid() + ": " + r.killed() + " process(es) did not stop within --grace "
          + dev.runner.config.Durations.format(config.grace()) + "; killed");
    }
    if (!r.survivors().isEmpty()) {
      console.error("processes " + r.survivors() + " survived SIGKILL (uninterruptible?); going on");
    }
    console.debug("stopped pid " + old.pid() + " (" + why + "): " + r.terminated() + " process(es) in " + r.millis() + " ms");
  }

  /** The command as a person would name it: {@code java ... com.example.Main} for a long one. */
  static String summary(java.util.List<String> command) {
    String all = String.join(" ", command);
    if (all.length() <= 80 || command.size() < 3) {
      return all;
    }
    String first = Path.of(command.get(0)).getFileName().toString();
    return first + " ... " + command.get(command.size() - 1);
  }

  private String relative(Path p) {
    return p.startsWith(config.workDir()) ? config.workDir().relativize(p).toString() : p.toString();
  }
}
