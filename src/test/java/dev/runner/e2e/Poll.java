package dev.runner.e2e;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for an outcome, never for a time: checks often, gives up only at a generous deadline. */
public final class Poll {
  private Poll() {}

  public static void until(Duration deadline, BooleanSupplier condition, Supplier<String> whatWasExpected) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not within " + deadline.toSeconds() + " s: " + whatWasExpected.get());
      }
      LockSupport.parkNanos(20_000_000);
    }
  }
}
