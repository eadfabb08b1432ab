package dev.runner.e2e;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Times one edit of a real app, from the file write to the new content being served, and prints
 * it with the pid before and after ({@code [measured] javalin: java edit -> served in 812 ms (pid
 * 4121 -> 4133)}). Numbers for the record, never asserted: the deadline is only a failure's.
 */
final class Measured {
  private static final Duration LONG = Duration.ofSeconds(180);

  /** A file edit that may throw. */
  interface Edit {
    void run() throws Exception;
  }

  private Measured() {}

  static long edit(String app, String what, Edit edit, BooleanSupplier served, LongSupplier pid, long pidBefore,
      RunnerProcess r) throws Exception {
    long start = System.nanoTime();
    edit.run();
    long end = start + LONG.toNanos();
    while (!served.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(app + ": " + what + " not served within " + LONG.toSeconds() + " s:\n" + r.output());
      }
      LockSupport.parkNanos(2_000_000);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("[measured] " + app + ": " + what + " -> served in " + ms + " ms (pid " + pidBefore + " -> "
        + pid.getAsLong() + ")");
    return ms;
  }
}
