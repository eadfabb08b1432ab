package dev.runner.supervise;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Gives memory back once after each burst of activity. The runner's serial-GC heap only shrinks at
 * a full collection, and a burst (a compile, a reload, proxy traffic) grows it; nothing collects
 * it again while the runner sits idle, so without this the RSS of the busiest moment stays; nor
 * does glibc give back the C heap javac and the JIT freed. Once {@link #QUIET} has passed with no
 * {@link #activity()}, the trim runs ({@link #gcAndNative()}), once: the thread then parks until
 * the next activity, so an idle runner never wakes for it.
 *
 * <p>{@link #activity()} is cheap enough for every proxied request: a clock read and a volatile
 * write; only the first activity after a trim unparks the thread.
 */
final class IdleTrim implements AutoCloseable {
  /** Long enough that a trim never lands between the edits of one save-compile-reload cycle. */
  static final long QUIET = TimeUnit.SECONDS.toNanos(5);

  private final Plan plan;
  private final Runnable trim;
  private final Thread thread;
  private volatile boolean closed;

  /** The decision alone, on a given clock: when the next trim is due. */
  static final class Plan {
    private final long quiet;
    private final LongSupplier clock;
    private volatile long last;
    private volatile boolean pending;

    Plan(long quietNanos, LongSupplier clock) {
      this.quiet = quietNanos;
      this.clock = clock;
    }

    /** Something happened; returns true when nothing was pending before (the waiter must wake). */
    boolean activity() {
      last = clock.getAsLong();
      if (pending) {
        return false;
      }
      pending = true;
      return true;
    }

    /**
     * What the trim thread does now: a negative value means nothing is pending (wait for activity),
     * zero means trim now (and the burst is then spent), a positive value is how long to wait.
     */
    long next() {
      if (!pending) {
        return -1;
      }
      long seen = last;
      long wait = seen + quiet - clock.getAsLong();
      if (wait > 0) {
        return wait;
      }
      pending = false;
      if (last != seen) { // activity in between: it belongs to a burst that is not over yet
        pending = true;
        return Math.max(1, last + quiet - clock.getAsLong());
      }
      return 0;
    }
  }

  IdleTrim(Runnable trim) {
    this(new Plan(QUIET, System::nanoTime), trim);
  }

  IdleTrim(Plan plan, Runnable trim) {
    this.plan = plan;
    this.trim = trim;
    this.thread = new Thread(this::loop, "idle-trim");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  /**
   * The runner's trim: one full collection, so the heap shrinks to its live data, then the C heap's
   * free pages go back too (glibc keeps what javac and the JIT freed; on a JDK or libc without the
   * {@code System.trim_native_heap} command that step does nothing).
   */
  static IdleTrim gcAndNative() {
    return new IdleTrim(() -> {
      System.gc();
      trimNativeHeap();
    });
  }

  /** {@code jcmd PID System.trim_native_heap}, from inside: glibc's malloc_trim. */
  static void trimNativeHeap() {
    try {
      ManagementFactory.getPlatformMBeanServer().invoke(
          new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
          new Object[] {null}, new String[] {String[].class.getName()});
    } catch (Exception | LinkageError e) {
      // no such command here (an older JDK 17, another libc) or no java.management: the heap trim is enough
    }
  }

  /** Something happened that grows memory: a file change, a compile, a reload, a request. */
  void activity() {
    if (plan.activity()) {
      LockSupport.unpark(thread);
    }
  }

  private void loop() {
    while (!closed) {
      long next = plan.next();
      if (next < 0) {
        LockSupport.park(this);
      } else if (next > 0) {
        LockSupport.parkNanos(this, next);
      } else {
        trim.run();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }
}
