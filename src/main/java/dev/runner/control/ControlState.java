package dev.runner.control;

import dev.runner.supervise.ReloadEvents;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongToIntFunction;

/**
 * What the runner is doing, kept for tools: the supervisor reports each step of a reload here (on
 * its loop thread), and HTTP threads read a consistent snapshot ({@link #status}) or subscribe to
 * the steps as events ({@link #subscribe}). The state is one of a closed set, each entered by one
 * report: {@code starting} (nothing ready yet), {@code building}, {@code restarting},
 * {@code ready}, {@code failed} (the last build failed; the previous generation, if any, keeps
 * serving) and {@code crashed} (a worker ended on its own; the runner waits for a change).
 *
 * <p>All methods are synchronized: reports come from one thread, reads from many, and an event
 * must reach every subscriber in the order of the reports, with a subscriber that joins in between
 * getting the current state first and then exactly the events after it.
 */
public final class ControlState implements ReloadEvents {
  /** Bumped when a field changes meaning or goes away; new fields do not bump it. */
  public static final int SCHEMA = 1;
  static final int OUTPUT_TAIL = 8192;

  /** The closed set of states, with the names the JSON uses. */
  public enum State {
    STARTING, BUILDING, RESTARTING, READY, FAILED, CRASHED;

    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code endedAt} is null while the reload is pending. */
  private record Reload(String trigger, List<String> files, boolean everything, Instant startedAt, String result,
      long millis, PhaseTimes phases, Instant endedAt) {
    Reload ended(String how, long ms, PhaseTimes times, Instant at) {
      return new Reload(trigger, files, everything, startedAt, how, ms, times, at);
    }
  }

  private record Build(boolean ok, int exitCode, long millis, String output) {}

  private record Crash(long pid, int status, String reason) {}

  private final Clock clock;
  private final String version;
  private final Path workDir;
  private final List<Consumer<ControlEvent>> subscribers = new CopyOnWriteArrayList<>();
  private LongToIntFunction served = pid -> 0;
  private State state = State.STARTING;
  private Instant since;
  private long generation;
  private boolean everReady;
  private boolean pending;
  private List<Worker> workers = List.of();
  private Reload reload;
  private Build build;
  private List<Diagnostic> diagnostics = List.of();
  private Crash crash;
  private long eventId;

  public ControlState(Clock clock, String version, Path workDir) {
    this.clock = clock;
    this.version = version;
    this.workDir = workDir;
    this.since = clock.instant();
    this.reload = new Reload("start", List.of(), false, since, "pending", 0, null, null);
  }

  /** Where the number of requests each worker has been given comes from (the front proxy, if any). */
  public synchronized void requestCounts(LongToIntFunction requestsByPid) {
    this.served = requestsByPid;
  }

  public synchronized State state() {
    return state;
  }

  public synchronized long generation() {
    return generation;
  }

  /** The state and the subscription, in one step: {@code subscriber} gets a {@code state} event, then every later one. */
  public synchronized Runnable subscribe(Consumer<ControlEvent> subscriber) {
    subscriber.accept(new ControlEvent(eventId, "state", status()));
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  @Override
  public synchronized void changed(List<Path> files, boolean everything) {
    reload = new Reload("change", files.stream().map(this::shown).sorted().toList(), everything, clock.instant(),
        "pending", 0, null, null);
    Map<String, Object> data = base();
    data.put("files", reload.files());
    data.put("everything", everything);
    emit("change", data);
  }

  @Override
  public synchronized void manualRestart(String why) {
    reload = new Reload("manual", List.of(), false, clock.instant(), "pending", 0, null, null);
  }

  @Override
  public synchronized void servedAsIs(List<Path> files) {
    Instant now = clock.instant();
    reload = new Reload("change", files.stream().map(this::shown).sorted().toList(), false, now, "served-as-is", 0,
        null, now);
    Map<String, Object> data = base();
    data.put("files", reload.files());
    emit("served-as-is", data);
  }

  @Override
  public synchronized void swapped(List<Long> pids, long millis, List<String> classes) {
    enter(State.READY);
    reload = reload.ended("swapped", millis, null, clock.instant());
    Map<String, Object> data = base();
    data.put("pids", pids);
    data.put("millis", millis);
    data.put("classes", classes);
    emit("swapped", data);
  }

  @Override
  public synchronized void buildStarted() {
    enter(State.BUILDING);
    emit("build-started", base());
  }

  @Override
  public synchronized void buildFinished(boolean ok, int exitCode, String output, long millis) {
    build = new Build(ok, exitCode, millis, ok ? "" : tail(output));
    diagnostics = Diagnostics.parse(output, workDir);
    if (ok) {
      return; // a restart follows at once, and says so
    }
    enter(State.FAILED);
    reload = reload.ended("build-failed", ms(reload.startedAt()), null, clock.instant());
    Map<String, Object> data = base();
    data.put("exitCode", exitCode);
    data.put("millis", millis);
    data.put("diagnostics", diagnostics.stream().map(Diagnostic::toJson).toList());
    data.put("output", build.output());
    emit("build-failed", data);
  }

  @Override
  public synchronized void restartStarted() {
    enter(everReady ? State.RESTARTING : State.STARTING);
    Map<String, Object> data = base();
    data.put("trigger", reload.trigger());
    data.put("files", reload.files());
    emit("restart-started", data);
  }

  @Override
  public synchronized void generationStarted(List<Long> pids) {
    generation++;
  }

  @Override
  public synchronized void ready(List<Long> pids, long millis, PhaseTimes phases) {
    everReady = true;
    crash = null;
    enter(State.READY);
    reload = reload.ended("ready", millis, phases, clock.instant());
    Map<String, Object> data = base();
    data.put("pids", pids);
    data.put("millis", millis);
    data.put("phases", phasesJson(phases));
    emit("ready", data);
  }

  @Override
  public synchronized void crashed(long pid, int status, String reason) {
    crash = new Crash(pid, status, reason);
    enter(State.CRASHED);
    if (reload.result().equals("pending")) {
      reload = reload.ended("crashed", ms(reload.startedAt()), null, clock.instant());
    }
    Map<String, Object> data = base();
    data.putAll(crashJson());
    emit("crashed", data);
  }

  @Override
  public synchronized void workers(List<Worker> now, boolean changesPending) {
    workers = List.copyOf(now);
    pending = changesPending;
  }

  /** The document {@code GET /_runner/status} answers (schema in README.md, "Control surface for tools"). */
  public synchronized Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", SCHEMA);
    m.put("version", version);
    m.put("pid", ProcessHandle.current().pid());
    m.put("workDir", workDir.toString());
    m.put("state", state.json());
    m.put("since", since.toString());
    m.put("generation", generation);
    m.put("changesPending", pending);
    List<Object> ws = new ArrayList<>();
    for (Worker w : workers) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("index", w.index());
      j.put("pid", w.pid() == 0 ? null : w.pid());
      j.put("port", w.port() == 0 ? null : w.port());
      j.put("ready", w.ready());
      j.put("requests", w.pid() == 0 ? 0 : served.applyAsInt(w.pid()));
      j.put("restarts", w.restarts());
      j.put("status", w.status());
      j.put("standby", w.standby().isEmpty() ? null : w.standby());
      ws.add(j);
    }
    m.put("workers", ws);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("trigger", reload.trigger());
    r.put("files", reload.files());
    r.put("everything", reload.everything());
    r.put("startedAt", reload.startedAt().toString());
    r.put("result", reload.result());
    r.put("millis", reload.result().equals("pending") ? null : reload.millis());
    r.put("endedAt", reload.endedAt() == null ? null : reload.endedAt().toString());
    r.put("phases", phasesJson(reload.phases()));
    m.put("lastReload", r);
    if (build == null) {
      m.put("build", null);
    } else {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("ok", build.ok());
      b.put("exitCode", build.exitCode());
      b.put("millis", build.millis());
      b.put("output", build.output());
      m.put("build", b);
    }
    m.put("diagnostics", diagnostics.stream().map(Diagnostic::toJson).toList());
    m.put("crash", crash == null ? null : crashJson());
    return m;
  }

  private Map<String, Object> crashJson() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("pid", crash.pid() == 0 ? null : crash.pid());
    c.put("exitStatus", crash.status() < 0 ? null : crash.status());
    c.put("reason", crash.reason());
    return c;
  }

  private static Map<String, Object> phasesJson(PhaseTimes p) {
    if (p == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("debounce", p.debounce());
    m.put("build", p.build());
    m.put("stop", p.stop());
    m.put("start", p.start());
    m.put("total", p.total());
    return m;
  }

  private void enter(State next) {
    if (next != state) {
      state = next;
      since = clock.instant();
    }
  }

  private Map<String, Object> base() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", state.json());
    m.put("generation", generation);
    return m;
  }

  private void emit(String name, Map<String, Object> data) {
    ControlEvent e = new ControlEvent(++eventId, name, data);
    for (Consumer<ControlEvent> s : subscribers) {
      s.accept(e);
    }
  }

  private long ms(Instant from) {
    return Math.max(0, clock.millis() - from.toEpochMilli());
  }

  private String shown(Path p) {
    Path base = workDir.toAbsolutePath().normalize();
    Path abs = p.toAbsolutePath().normalize();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }

  private static String tail(String output) {
    return output.length() <= OUTPUT_TAIL ? output : output.substring(output.length() - OUTPUT_TAIL);
  }
}
