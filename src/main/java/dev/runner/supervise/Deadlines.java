package dev.runner.supervise;

import java.util.OptionalLong;

/** Deadlines in {@link System#nanoTime()} terms, which may wrap: compared by their difference, never directly. */
final class Deadlines {
  private Deadlines() {}

  static OptionalLong earliest(OptionalLong a, OptionalLong b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.getAsLong() - b.getAsLong() <= 0 ? a : b;
  }
}
