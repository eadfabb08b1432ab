package dev.runner.supervise;

import java.nio.file.Path;
import java.util.List;

/**
 * What the supervisor tells an observer about a reload as it happens: a change acted on, a build
 * begun and ended, a restart begun, a generation ready, a worker that ended on its own. Called on
 * the supervisor's loop thread, in order; an implementation must return quickly and never call
 * back into the supervisor (it posts events instead). Every method does nothing by default, so the
 * supervisor's tests and an embedding need not care.
 */
public interface ReloadEvents {
  ReloadEvents NONE = new ReloadEvents() {};

  /** A debounced batch of changes is acted on ({@code everything}: the watcher lost track). */
  default void changed(List<Path> files, boolean everything) {}

  /** A restart asked for by hand (rs, SIGHUP, {@code POST /_runner/restart}). */
  default void manualRestart(String why) {}

  default void buildStarted() {}

  /** {@code output}: what the build printed (javac's diagnostics, or the build command's output). */
  default void buildFinished(boolean ok, int exitCode, String output, long millis) {}

  /**
   * Changed files the running generation serves as they are (static files, templates): nothing
   * restarts, open pages reload.
   */
  default void servedAsIs(List<Path> files) {}

  /**
   * Classes were redefined in the running workers {@code pids} ({@code classes}: their names; none
   * when nothing that runs changed): nothing restarted, open pages reload.
   */
  default void swapped(List<Long> pids, long millis, List<String> classes) {}

  /** The old generation is about to be stopped (or there is none) and a new one started. */
  default void restartStarted() {}

  /** A new generation's processes have been started (they are not ready yet). */
  default void generationStarted(List<Long> pids) {}

  /** Every worker of a new generation is ready; {@code phases} is null when the reload was not timed. */
  default void ready(List<Long> pids, long millis, PhaseTimes phases) {}

  /**
   * A worker ended, or never became ready, on its own; the runner waits for a change.
   *
   * @param status its exit status, or -1 when it did not exit (it was stopped for not being ready)
   */
  default void crashed(long pid, int status, String reason) {}

  /** The workers as of now, and whether changes are waiting out the debounce; after every event. */
  default void workers(List<Worker> workers, boolean changesPending) {}

  /** Milliseconds per phase of one reload: first change seen to ready. */
  record PhaseTimes(long debounce, long build, long stop, long start, long total) {}

  /**
   * One worker slot.
   *
   * @param pid 0 when the slot has no process
   * @param status the last {@code STATUS=} it sent, or null
   * @param standby the JVM prepared to replace it ("" when none)
   * @param restarts how often the slot got a new process within its generation (killed from
   *     outside, silent, recycled)
   */
  record Worker(int index, long pid, int port, boolean ready, String status, String standby, int restarts) {}
}
