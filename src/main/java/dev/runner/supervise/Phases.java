package dev.runner.supervise;

import java.util.concurrent.TimeUnit;

/**
 * Where the time of one reload went: first change seen, batch released by the debouncer, build,
 * old tree stopped, new generation spawned, ready. Monotonic nanoseconds in, one line out.
 */
final class Phases {
  private long detected;
  private long debounced;
  private long buildStart;
  private long buildEnd;
  private long stopStart;
  private long stopEnd;
  private long spawned;
  private boolean open;
  private ReloadEvents.PhaseTimes last;

  void begin(long detectedAt, long debouncedAt) {
    detected = detectedAt;
    debounced = debouncedAt;
    buildStart = buildEnd = stopStart = stopEnd = spawned = 0;
    open = true;
  }

  boolean open() {
    return open;
  }

  /** The reload being timed ended without a new generation (a hotswap). */
  void end() {
    open = false;
  }

  /** When the reload being timed began: its first change seen (or a manual restart asked for). */
  long began() {
    return detected;
  }

  void buildStarted(long now) {
    if (open && buildStart == 0) {
      buildStart = now;
    }
  }

  void buildEnded(long now) {
    if (open) {
      buildEnd = now;
    }
  }

  void stopStarted(long now) {
    stopStart = now;
  }

  void stopEnded(long now) {
    stopEnd = now;
  }

  void spawned(long now) {
    spawned = now;
  }

  /** The breakdown, once the generation is ready; empty when no reload was being timed. */
  String ready(long now) {
    if (!open || spawned == 0) {
      return "";
    }
    open = false;
    long build = buildStart == 0 ? 0 : ms(buildEnd - buildStart);
    last = new ReloadEvents.PhaseTimes(ms(debounced - detected), build, ms(stopEnd - stopStart), ms(now - spawned),
        ms(now - detected));
    return "phases: debounce " + last.debounce() + " ms, build " + build + " ms, stop "
        + last.stop() + " ms, start to ready " + last.start() + " ms; change to ready "
        + last.total() + " ms";
  }

  /** The numbers of the last {@link #ready} that gave a breakdown, then forgotten; null when there was none. */
  ReloadEvents.PhaseTimes takeTimes() {
    ReloadEvents.PhaseTimes t = last;
    last = null;
    return t;
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
