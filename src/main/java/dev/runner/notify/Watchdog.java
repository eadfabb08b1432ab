package dev.runner.notify;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Decides when a child's heartbeat ({@code WATCHDOG=1}) is overdue. Pure: the caller passes
 * monotonic nanoseconds (as from {@link System#nanoTime}) and times are compared by subtraction,
 * so a clock that wraps around {@code Long.MAX_VALUE} still works. Only the clock counts, never
 * the number of calls: a child busy on every core whose heartbeat thread still reports is alive;
 * one that stops beating (SIGSTOP, deadlock) is dead once the timeout has passed, whatever the
 * load. The watchdog arms on the first beat, so a child that never speaks the protocol is never
 * judged by it.
 */
public final class Watchdog {
  /** Environment variable that tells the child how often to beat, in microseconds. */
  public static final String ENV_USEC = "RUNNER_WATCHDOG_USEC";

  private final long timeoutNanos;
  private boolean armed;
  private long lastBeat;

  /** {@code timeout} zero turns the watchdog off. */
  public Watchdog(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("watchdog timeout must not be negative, got " + timeout);
    }
    try {
      this.timeoutNanos = timeout.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("watchdog timeout must fit in 292 years of nanoseconds, got " + timeout, e);
    }
  }

  /**
   * The interval the child is asked to beat at: half the timeout, in microseconds (systemd's
   * {@code WATCHDOG_USEC} convention, halved so one late beat is not fatal); 0 when off, at least
   * 1 otherwise, because 0 would tell the child "off".
   */
  public static long usecFor(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("watchdog timeout must not be negative, got " + timeout);
    }
    if (timeout.isZero()) {
      return 0;
    }
    long half = timeout.dividedBy(2).toNanos() / 1_000;
    return Math.max(1, half);
  }

  /** Whether a timeout was configured at all. */
  public boolean enabled() {
    return timeoutNanos > 0;
  }

  /** A {@code WATCHDOG=1} arrived at {@code now}; a beat stamped earlier than the latest is ignored. */
  public void beat(long now) {
    if (!enabled()) {
      return;
    }
    if (!armed || now - lastBeat > 0) {
      lastBeat = now;
    }
    armed = true;
  }

  public boolean armed() {
    return armed;
  }

  /** When the watchdog expires unless another beat comes; empty when off or not yet armed. */
  public OptionalLong deadline() {
    return armed ? OptionalLong.of(lastBeat + timeoutNanos) : OptionalLong.empty();
  }

  /** True once {@code timeout} has passed since the last beat (exactly at the deadline, too). */
  public boolean expired(long now) {
    return armed && now - lastBeat >= timeoutNanos;
  }

  /** How long the child has been silent, for "no heartbeat for 31.2 s"; zero when unarmed. */
  public Duration silentFor(long now) {
    return armed ? Duration.ofNanos(Math.max(0, now - lastBeat)) : Duration.ZERO;
  }
}
