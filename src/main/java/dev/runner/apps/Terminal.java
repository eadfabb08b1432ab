package dev.runner.apps;

import java.io.Console;
import java.util.Map;

/**
 * Whether the runner's own output is a terminal that wants colour: then a child that colours only
 * what it takes for a terminal (Spring Boot) is told to colour anyway, since under the runner its
 * output is a pipe or the runner's terminal at one remove. {@code NO_COLOR} (non-empty) turns it
 * off, as https://no-color.org asks, and reaches the child as it is.
 */
public final class Terminal {
  private Terminal() {}

  public static boolean wantsColour(Map<String, String> env) {
    if (!env.getOrDefault("NO_COLOR", "").isEmpty() || "dumb".equals(env.get("TERM"))) {
      return false;
    }
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try { // JDK 22+ has a console even when redirected; it says whether it is a terminal
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // before JDK 22 a console exists only on a terminal
    }
  }
}
