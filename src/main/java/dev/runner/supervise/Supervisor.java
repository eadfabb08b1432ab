package dev.runner.supervise;

import dev.runner.build.Builds;
import dev.runner.config.RunnerConfig;
import dev.runner.hotswap.SwapDecision;
import dev.runner.watch.PathNames;
import dev.runner.watch.Debouncer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

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
 * <p>The parts: {@link ReloadGate} turns file events into reloads (debounce, build, no reload for
 * what the running generation already sees), {@link #reload} decides how a reload is carried out,
 * {@link Slots} keeps which child holds which worker slot, {@link Faults} handles workers that
 * exit, fall silent or start too slowly, {@link Talks} holds what children said over the notify
 * socket, {@link Stopper} ends children, and {@link ReloadLine} says the one line per reload. With
 * {@code --hotswap}, {@link Hotswaps} keeps the class files the generation started with and the
 * swap under way: a reload of method bodies alone is redefined in the running workers (same pids,
 * no new generation, so the invariants hold trivially), and anything unsure restarts.
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
    default void pause(Duration d) {
      LockSupport.parkNanos(d.toNanos());
    }
  }

  private final RunnerConfig config;
  private final Child.Launcher launcher;
  private final Console console;
  private final Clock clock;
  private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
  private final Phases phases = new Phases();
  private final Ending ending = new Ending();
  private final Talks talks;
  private final Stopper stopper;
  private final ReloadLine line;
  private final Slots slots;
  private final Faults faults;
  private final ReloadGate gate;

  /** With --hotswap, else null. */
  private Hotswaps hotswaps;

  private volatile String snapshot = "starting\n";
  private ReloadEvents events = ReloadEvents.NONE;

  /**
   * @param random given a bound n, returns a uniform value in 0..n-1 (the max-requests jitter)
   */
  public Supervisor(RunnerConfig config, Child.Launcher launcher, Optional<Builds> builds, Optional<Front> front,
      Console console, Clock clock, Function<Path, OptionalLong> mtime, IntUnaryOperator random) {
    this.config = config;
    this.launcher = launcher;
    this.console = console;
    this.clock = clock;
    this.talks = new Talks(config.timeoutNotify(), console, clock);
    this.stopper = new Stopper(config, launcher, front, console, talks);
    this.line = new ReloadLine(console, phases, () -> events);
    this.slots = new Slots(config, launcher, front, console, clock, random, talks, stopper, line, ending, () -> events);
    this.faults = new Faults(config, launcher, front, console, clock, slots, talks, stopper, ending, () -> events);
    this.gate = new ReloadGate(config, builds, console, clock, mtime, slots, phases, ending, () -> events);
  }

  /** Changed files for which this says why are served as they are, without a restart; set before {@link #run}. */
  void noRestart(Function<Path, Optional<String>> why) {
    gate.noRestart(why);
  }

  /**
   * --hotswap: a reload that changed only method bodies in {@code classDirs} is redefined in the
   * running workers by {@code redefiner} instead of restarting them; set before {@link #run}.
   */
  void hotswap(List<Path> classDirs, Hotswaps.Redefiner redefiner) {
    this.hotswaps = new Hotswaps(classDirs, redefiner, this::post, console);
  }

  /** Who hears of reloads as they happen (the control surface); set before {@link #run}. */
  public void events(ReloadEvents listener) {
    this.events = listener;
  }

  /** Thread-safe: the only way other threads talk to the supervisor. */
  public void post(Event event) {
    if (event instanceof Event.Notified n && n.key().equals("EXITING") && n.value().equals("1")) {
      stopper.exiting(n.pid()); // read by a stop already under way on the loop thread
    }
    if (event instanceof Event.Shutdown) {
      if (ending.shutdownRequested()) {
        stopper.force(((Event.Shutdown) event).signal()); // a second Ctrl-C: stop waiting for the grace period
      }
      ending.requestShutdown();
    }
    queue.add(event);
  }

  /** Runs the loop until the runner should exit; returns the exit status. */
  public int run() throws InterruptedException {
    try {
      startFirst();
      while (ending.exitStatus() == null) {
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
        events.workers(slots.views(), gate.collecting());
      }
      return ending.exitStatus();
    } finally {
      slots.stopGeneration("exit");
      launcher.discardPrepared();
      gate.cancel();
    }
  }

  /** The exit status once the loop should end, else null. */
  public Integer exitStatus() {
    return ending.exitStatus();
  }

  /** With a build step, builds before the first start: sources may have changed while nobody watched. */
  public void startFirst() {
    line.restartBegan(clock.nanoTime());
    if (gate.hasBuild()) {
      gate.buildFirst();
    } else {
      generationStarting();
      slots.startGeneration("started");
    }
  }

  private void generationStarting() {
    if (hotswaps != null) {
      hotswaps.generationStarting();
    }
  }

  public void handle(Event event) {
    if (event instanceof Event.FileChanged e) {
      gate.fileChanged(e.path());
    } else if (event instanceof Event.LostTrack e) {
      gate.lostTrack(e.why());
    } else if (event instanceof Event.BuildFinished e) {
      if (hotswaps != null && !e.result().ok()) {
        hotswaps.unsure("a build failed since the last start"); // it may have written part of its classes
      }
      gate.buildFinished(e).ifPresent(this::reload);
    } else if (event instanceof Event.ChildReady e) {
      if (talks.portOpen(e.pid())) {
        slots.ready(e.pid());
      }
    } else if (event instanceof Event.Notified e && e.key().equals("LISTEN")) {
      talks.listens(e.pid(), e.value());
    } else if (event instanceof Event.Swapped e) {
      hotswaps.answered(e.swapId()).ifPresent(this::swapAnswered);
    } else if (event instanceof Event.Notified e) {
      if (slots.current(e.pid()) && talks.heard(e)) {
        slots.ready(e.pid());
      }
    } else if (event instanceof Event.ChildExited e) {
      faults.exited(e.pid(), e.status());
    } else if (event instanceof Event.RequestLimit e) {
      slots.requestLimitReached(e.pid());
    } else if (event instanceof Event.ManualRestart e) {
      events.manualRestart(e.why());
      restart(e.why());
    } else if (event instanceof Event.Shutdown e) {
      console.info("stopping (" + (e.why() != null ? e.why() : Signals.name(e.signal())) + ")");
      gate.cancel();
      slots.stopGeneration("shutdown");
      launcher.discardPrepared();
      ending.exitWith(128 + e.signal());
    } else {
      throw new AssertionError("unhandled event " + event);
    }
  }

  /** Acts on whatever is due: a debounced batch, a standby to prepare, a late child, a silent watchdog. */
  public void tick() {
    long now = clock.nanoTime();
    gate.poll(now).ifPresent(this::reload);
    slots.prepareDue(now, gate.building());
    faults.tick(now);
    if (hotswaps != null) {
      hotswaps.overdue(now).ifPresent(p -> restart(p.why(), "hotswap: no answer from the agent in "
          + Hotswaps.DEADLINE.toSeconds() + " s"));
    }
  }

  /** When {@link #tick} next has something to do. */
  public OptionalLong nextDeadline() {
    OptionalLong due = Deadlines.earliest(gate.deadline(), faults.startDeadline());
    due = Deadlines.earliest(due, slots.prepareDeadline());
    due = Deadlines.earliest(due, hotswaps == null ? OptionalLong.empty() : hotswaps.deadline());
    return Deadlines.earliest(due, talks.deadline());
  }

  /**
   * Carries out a reload that the gate let through: the one place that decides how. A restart of
   * the generation, unless --hotswap is on and the reload is safely a swap: every worker ready and
   * its agent listening, nothing but sources and class files changed, and those only in method
   * bodies (see {@link dev.runner.hotswap.SwapDecision}). Anything unsure restarts, saying why.
   */
  private void reload(ReloadGate.Reload reload) {
    if (hotswaps == null || reload.changes().everything() || slots.running().isEmpty()) {
      restart(reload.why());
      return;
    }
    Optional<String> notSwapped = notSwappable(reload);
    if (notSwapped.isPresent()) {
      restart(reload.why(), "not swapped: " + notSwapped.get());
      return;
    }
    SwapDecision.Decision decision = hotswaps.decide();
    List<Child> running = slots.running();
    long now = clock.nanoTime();
    boolean classesOnly = reload.changes().paths().stream().allMatch(p -> p.toString().endsWith(".class"));
    if (decision instanceof SwapDecision.Swap s && s.classes().isEmpty() && (classesOnly || hotswaps.busy())) {
      // the class files a build (or a swap under way) wrote, seen late by the watcher: nothing new
      console.debug(reload.why() + ": no class differs from what " + Child.pids(running) + " runs"
          + (hotswaps.busy() ? " or is being swapped to" : ""));
      if (!hotswaps.busy()) {
        phases.end();
        events.swapped(running.stream().map(Child::pid).toList(), 0, List.of());
      }
      return;
    }
    if (hotswaps.busy()) {
      restart(reload.why(), "not swapped: a swap is still under way");
      return;
    }
    if (decision instanceof SwapDecision.Restart r) {
      restart(reload.why(), r.reason());
      return;
    }
    SwapDecision.Swap swap = (SwapDecision.Swap) decision;
    long began = phases.open() ? phases.began() : now;
    if (swap.classes().isEmpty()) {
      swapped(reload.why(), swap, running, began);
      return;
    }
    console.debug(reload.why() + ": " + swap.reason() + "; redefining in " + Child.pids(running));
    hotswaps.send(reload.why(), swap, running, began, now);
  }

  /** Why this reload cannot be a swap, whatever the class files say; empty when it may be. */
  private Optional<String> notSwappable(ReloadGate.Reload reload) {
    Optional<String> blocked = hotswaps.blocked();
    if (blocked.isPresent()) {
      return blocked;
    }
    if (!slots.settled()) {
      return Optional.of("a worker is not ready");
    }
    for (Child c : slots.running()) {
      if (!talks.hotswapListens(c.pid())) {
        return Optional.of("the hotswap agent of pid " + c.pid() + " is not listening");
      }
    }
    return reload.changes().paths().stream().filter(p -> !gate.isSource(p) && !p.toString().endsWith(".class"))
        .findFirst().map(p -> PathNames.show(config.workDir(), p) + " is neither a source nor a class file");
  }

  private void swapAnswered(Hotswaps.Pending p) {
    Optional<String> failed = Hotswaps.failure(p);
    if (failed.isPresent()) {
      restart(p.why(), "hotswap failed: " + failed.get());
      return;
    }
    hotswaps.succeeded(p);
    swapped(p.why(), p.swap(), p.children(), p.began());
  }

  /** The one line of a reload that swapped, e.g. {@code changed src/Greeting.java; swapped Greeting.greet() in pid 4121 (43 ms)}. */
  private void swapped(String why, SwapDecision.Swap swap, List<Child> children, long began) {
    long now = clock.nanoTime();
    long ms = TimeUnit.NANOSECONDS.toMillis(now - began);
    phases.end();
    String what = swap.classes().isEmpty() ? "nothing to swap (" + swap.reason() + "), " + Child.pids(children)
        + " keeps running"
        : "swapped " + swap.reason().replaceFirst("^body changed: ", "").replaceFirst("^debug data only: (.*)$",
            "$1 (debug data only)") + " in " + Child.pids(children);
    line.swapped(why + "; " + what + " (" + ms + " ms)");
    events.swapped(children.stream().map(Child::pid).toList(), ms,
        swap.classes().stream().map(SwapDecision.SwapClass::name).toList());
  }

  private void restart(String why) {
    restart(why, null);
  }

  /** {@code reason}: why this is a restart and not a swap, said in the line; null for none. */
  private void restart(String why, String reason) {
    if (ending.begun()) {
      return;
    }
    if (hotswaps != null) {
      hotswaps.cancel("restarting");
    }
    long began = clock.nanoTime();
    line.restartBegan(began);
    events.restartStarted();
    if (!phases.open()) {
      phases.begin(began, began); // a manual restart: nothing to detect or debounce
    }
    List<Child> old = slots.running();
    phases.stopStarted(clock.nanoTime());
    slots.stopGeneration("restart");
    phases.stopEnded(clock.nanoTime());
    if (ending.shutdownRequested()) {
      return;
    }
    generationStarting();
    slots.startGeneration(old.isEmpty() ? "started"
        : why + "; restarting (" + (reason == null ? "" : reason + "; ") + Child.pids(old) + " -> ");
  }

  /** The status as of the last event, safe to read from any thread. */
  public String statusSnapshot() {
    return snapshot;
  }

  /** What {@code /_runner/status} shows: workers, their pids and ports, the last reload's phases. */
  public String statusText() {
    StringBuilder b = new StringBuilder();
    b.append("command: ").append(summary(config.command())).append('\n');
    slots.describe(b);
    b.append("building: ").append(gate.building() ? "yes" : "no").append('\n');
    // lets a test (or a person) tell a settled runner from one still collecting a burst of changes
    b.append("changes waiting: ").append(gate.collecting() ? "yes" : "no").append('\n');
    b.append("last reload: ").append(line.last()).append('\n');
    return b.toString();
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
}
