package dev.runner.supervise;

import dev.runner.build.BuildStep;
import dev.runner.build.Builds;
import dev.runner.config.RunnerConfig;
import dev.runner.watch.ChangeSet;
import dev.runner.watch.Debouncer;
import dev.runner.watch.PathFilter;
import dev.runner.watch.PathNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Between changed files and a reload. File events go into the {@link Debouncer}; a batch it
 * releases that touches sources runs the build first (a failed build keeps the current generation
 * and says why; changes during a build wait for it), and a batch the running generation serves as
 * it is or has already loaded needs no reload at all. What comes through is a {@link Reload} for
 * the supervisor to carry out. Loop thread only.
 */
final class ReloadGate {
  /** The quiet period while a batch holds a single file (see {@link Debouncer}). */
  static final Duration SINGLE_FILE_QUIET = Duration.ofMillis(20);

  /**
   * A change to a file older than the running child by this much is already loaded by it. File
   * times come from the kernel's coarse clock, which may lag the real one by a tick (1-10 ms); a
   * file written just after the spawn must never look older than it.
   */
  static final long MTIME_MARGIN_MS = 15;

  /** Changes that call for a reload (built first if they needed it), and how the reload line names them. */
  record Reload(ChangeSet changes, String why) {}

  private final RunnerConfig config;
  private final Optional<Builds> builds;
  private final Console console;
  private final Supervisor.Clock clock;
  private final Function<Path, OptionalLong> mtime;
  private final Slots slots;
  private final Phases phases;
  private final Ending ending;
  private final Supplier<ReloadEvents> events;
  private final Debouncer debouncer;
  /** Why a changed file needs no restart (see {@code dev.runner.apps.NoRestart}), or empty. */
  private Function<Path, Optional<String>> noRestart = p -> Optional.empty();

  private long buildId;
  private boolean building;
  private ChangeSet buildingFor;
  private ChangeSet queuedForBuild;

  ReloadGate(RunnerConfig config, Optional<Builds> builds, Console console, Supervisor.Clock clock,
      Function<Path, OptionalLong> mtime, Slots slots, Phases phases, Ending ending, Supplier<ReloadEvents> events) {
    this.config = config;
    this.builds = builds;
    this.console = console;
    this.clock = clock;
    this.mtime = mtime;
    this.slots = slots;
    this.phases = phases;
    this.ending = ending;
    this.events = events;
    this.debouncer = new Debouncer(config.debounce(), min(config.debounce(), SINGLE_FILE_QUIET), config.debounceMax(),
        // a vanished file counts as one of a burst unless it looks temporary: a compiler that deletes
        // its outputs before writing them again (Foo$1.class, gone for now) is still mid-burst
        p -> mtime.apply(p).isPresent() || p.toString().endsWith(".class") || isSource(p));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  void noRestart(Function<Path, Optional<String>> why) {
    this.noRestart = why;
  }

  void fileChanged(Path p) {
    console.debug("change: " + relative(p));
    debouncer.add(p, clock.nanoTime());
  }

  /** The watcher lost track (an overflow, say): the safe answer is to treat everything as changed. */
  void lostTrack(String why) {
    console.debug(why + "; treating everything as changed");
    debouncer.addEverything(clock.nanoTime());
  }

  /** A released batch, if one is due now, and whether it comes through. */
  Optional<Reload> poll(long now) {
    return debouncer.poll(now).flatMap(this::onBatch);
  }

  /** When the debouncer next releases a batch. */
  OptionalLong deadline() {
    return debouncer.deadline();
  }

  /** Whether changes are waiting out the debounce. */
  boolean collecting() {
    return debouncer.deadline().isPresent();
  }

  boolean hasBuild() {
    return builds.isPresent();
  }

  boolean building() {
    return building;
  }

  /** Builds before the first start: sources may have changed while nobody watched. */
  void buildFirst() {
    startBuild(ChangeSet.all(), "building before the first start");
  }

  void cancel() {
    builds.ifPresent(Builds::cancel);
  }

  private Optional<Reload> onBatch(ChangeSet changes) {
    if (!config.reload() || ending.exitStatus() != null) {
      return Optional.empty();
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
      return Optional.empty();
    }
    if (!needsBuild && servedAsIs(changes)) {
      return Optional.empty();
    }
    if (!needsBuild && alreadyLoaded(changes)) {
      console.debug(changes.describe(config.workDir(), this::exists) + ": already loaded, no restart");
      return Optional.empty();
    }
    phases.begin(debouncer.releasedFirstAt(), clock.nanoTime()); // only a batch that leads somewhere is timed
    events.get().changed(List.copyOf(changes.paths()), changes.everything());
    if (needsBuild) {
      startBuild(changes);
      return Optional.empty();
    }
    return Optional.of(new Reload(changes, changes.describe(config.workDir(), this::exists)));
  }

  /**
   * True when the running generation sees every changed file as it is now (static files and
   * templates below a resource root on its class path): open pages reload, nothing restarts.
   */
  private boolean servedAsIs(ChangeSet changes) {
    List<Child> running = slots.running();
    if (running.isEmpty() || changes.everything() || changes.paths().isEmpty()
        || !changes.paths().stream().allMatch(p -> noRestart.apply(p).isPresent())) {
      return false;
    }
    String what = changes.describe(config.workDir(), this::exists);
    console.info(what + "; no restart, " + Child.pids(running) + " serves it as it is");
    changes.paths().forEach(p -> console.debug("no restart for " + relative(p) + ": " + noRestart.apply(p).get()));
    events.get().servedAsIs(List.copyOf(changes.paths()));
    return true;
  }

  /** True when every changed file is older than the running generation, which therefore read it. */
  private boolean alreadyLoaded(ChangeSet changes) {
    if (slots.running().isEmpty() || changes.everything() || changes.paths().isEmpty()) {
      return false;
    }
    for (Path p : changes.paths()) {
      OptionalLong m = mtime.apply(p);
      if (m.isEmpty() || m.getAsLong() >= slots.generationSpawnedWall() - MTIME_MARGIN_MS) {
        return false;
      }
    }
    return true;
  }

  /** Whether a changed file needs the build; globs with '/' are matched below the watched root. */
  boolean isSource(Path p) {
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
    events.get().buildStarted();
    try {
      b.start(++buildId, changes);
    } catch (IOException e) {
      building = false;
      console.error("cannot run the build command (" + b.command() + "): " + e.getMessage());
      events.get().buildFinished(false, 127, "cannot run the build command (" + b.command() + "): " + e.getMessage(),
          0);
    }
  }

  /** The build's result: a reload if it succeeded and what it built needs one. */
  Optional<Reload> buildFinished(Event.BuildFinished e) {
    if (e.buildId() != buildId || !building) {
      return Optional.empty();
    }
    building = false;
    phases.buildEnded(clock.nanoTime());
    BuildStep.Result r = e.result();
    if (queuedForBuild != null) {
      ChangeSet next = buildingFor.plus(queuedForBuild);
      queuedForBuild = null;
      startBuild(next); // sources changed during the build: its result is already stale
      return Optional.empty();
    }
    events.get().buildFinished(r.ok(), r.exitCode(), r.output(), r.millis());
    if (r.ok()) {
      console.debug("build ok in " + r.millis() + " ms");
      if (!buildingFor.everything() && buildingFor.paths().stream().noneMatch(this::isSource)
          && servedAsIs(buildingFor)) {
        // resources the build copied (templates, static files): the running app reads the copies
        return Optional.empty();
      }
      return Optional.of(new Reload(buildingFor, sourcesOf(buildingFor).describe(config.workDir(), this::exists)));
    }
    console.error("build failed (exit " + r.exitCode() + ", " + r.millis() + " ms): " + builds.get().command());
    console.block(r.output());
    if (!config.reload()) {
      ending.exitWith(r.exitCode());
      return Optional.empty();
    }
    List<Child> running = slots.running();
    console.info(!running.isEmpty()
        ? Child.pids(running) + " keeps running the previous version; fix the error and save to retry"
        : "no child is running; fix the error and save to retry");
    return Optional.empty();
  }

  private String relative(Path p) {
    return PathNames.show(config.workDir(), p);
  }
}
