package dev.runner.hotswap;

import java.util.List;

/** What one class's new bytes change against the bytes the running JVM has. */
public sealed interface ClassChange {
  /**
   * Only method bodies differ: the class can be redefined in place. {@code methods} names the
   * bodies that differ in meaning (empty when only debug data, such as line numbers, changed).
   */
  record BodyOnly(String className, List<String> methods) implements ClassChange {
    public BodyOnly {
      methods = List.copyOf(methods);
    }
  }

  /** Anything else: the app must restart. {@code reason} is one short line for the user. */
  record Structural(String reason) implements ClassChange {
    public Structural {
      if (reason == null || reason.isBlank() || reason.contains("\n")) {
        throw new IllegalArgumentException("a structural change needs a one-line reason, got: " + reason);
      }
    }
  }
}
