package dev.runner.supervise;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one line per reload, e.g. {@code changed src/App.java; restarting (pid 4121 -> 4133) ... ready
 * in 412 ms}: begun when a generation is spawned, said once every worker of it is ready, and kept
 * as the status page's "last reload".
 */
final class ReloadLine {
  private final Console console;
  private final Phases phases;
  private final Supplier<ReloadEvents> events;
  private long restartBegan;
  private String reloadLine;
  private String lastReload = "none yet";

  ReloadLine(Console console, Phases phases, Supplier<ReloadEvents> events) {
    this.console = console;
    this.phases = phases;
    this.events = events;
  }

  /** A restart (or the first start) begins now; what "ready in" counts from unless a change is being timed. */
  void restartBegan(long now) {
    restartBegan = now;
  }

  /**
   * A generation was spawned: {@code lineStart} is "started" for a first start, else the line so
   * far, as far as the new pids ("changed ...; restarting (pid 4121 -> ").
   */
  void spawned(long now, String lineStart, String command, List<Child> started) {
    phases.spawned(now);
    reloadLine = lineStart.equals("started")
        ? "started " + command + " (" + Child.pids(started) + ")"
        : lineStart + Child.pids(started).replaceFirst("^pids? ", "") + ")";
    console.debug(reloadLine);
  }

  /** Whether the line of a spawned generation is still to be said. */
  boolean pending() {
    return reloadLine != null;
  }

  /** Every worker of the generation is ready: says the line; {@code said} is a child's STATUS, or "". */
  void ready(long now, String said, List<Long> pids) {
    // one number per reload, the one a user feels: from the change (or rs) to ready; the
    // phases that make it up are the -v line's
    long ms = TimeUnit.NANOSECONDS.toMillis(now - (phases.open() ? phases.began() : restartBegan));
    console.reload(reloadLine + " ... ready in " + ms + " ms" + said);
    String breakdown = phases.ready(now);
    events.get().ready(pids, ms, phases.takeTimes());
    lastReload = reloadLine + " ... ready in " + ms + " ms" + (breakdown.isEmpty() ? "" : "\n  " + breakdown);
    if (!breakdown.isEmpty()) {
      console.debug(breakdown);
    }
    reloadLine = null;
  }

  /** A reload that ended without a new generation (a hotswap): says {@code text}, the line. */
  void swapped(String text) {
    console.reload(text);
    lastReload = text;
  }

  /** The last line said, with its phases: what the status page shows. */
  String last() {
    return lastReload;
  }
}
